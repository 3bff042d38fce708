package io.woperator.desktop;

import io.woperator.platform.Xcb;
import io.woperator.platform.XcbConnection;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keyboard and mouse on the X display through XTest, over an XCB connection of its own that is reopened when
 * the X server comes back. Keys arrive as keysyms (what they mean), not keycodes (where they are): a keysym is
 * typed with the server's own key when the modifiers already down select it, and otherwise with a spare keycode
 * lent to it, so any layout on either side types any character. Keys and buttons held down are remembered so
 * that they can all be released when a viewer leaves or its page loses focus.
 */
public final class InputInjector implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(InputInjector.class);

    private final String display;
    private XcbConnection x;
    private KeyboardMap keyboard;
    /** keysym → the keycode it was pressed with, in pressing order. */
    private final Map<Integer, Integer> heldKeys = new LinkedHashMap<>();
    private final Set<Integer> heldButtons = new TreeSet<>();
    private boolean failing;

    public InputInjector(String display) {
        this.display = display;
    }

    public synchronized void key(int keysym, boolean down) throws IOException {
        connect();
        if (!down) {
            Integer keycode = heldKeys.remove(keysym);
            if (keycode != null) {
                fake(Xcb.XTest.KEY_RELEASE, keycode, 0, 0, 0);
            }
            return;
        }
        if (heldKeys.containsKey(keysym)) {
            fake(Xcb.XTest.KEY_PRESS, heldKeys.get(keysym), 0, 0, 0); // auto-repeat
            return;
        }
        keyboard.refreshIfChanged();
        int keycode = keycodeFor(keysym);
        heldKeys.put(keysym, keycode);
        fake(Xcb.XTest.KEY_PRESS, keycode, 0, 0, 0);
    }

    /**
     * Types text that came without key presses (an on-screen keyboard, an input method, dictation): each character
     * is pressed and released as its keysym, whatever the desktop's layout; a CRLF is one Return.
     */
    public synchronized void type(String text) throws IOException {
        int previous = -1;
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            i += Character.charCount(codePoint);
            int keysym = Keysyms.forCharacter(codePoint);
            if (keysym > 0 && !(codePoint == '\n' && previous == '\r')) {
                key(keysym, true);
                key(keysym, false);
            }
            previous = codePoint;
        }
    }

    /** Moves the pointer to (x, y) on the root window. */
    public synchronized void move(int px, int py) throws IOException {
        connect();
        fake(Xcb.XTest.MOTION_NOTIFY, 0, x.root(), px, py);
    }

    /** Moves the pointer by (dx, dy), as a mouse does: for games under pointer lock. */
    public synchronized void moveBy(int dx, int dy) throws IOException {
        connect();
        fake(Xcb.XTest.MOTION_NOTIFY, 1, 0, dx, dy);
    }

    /** Button 1 left, 2 middle, 3 right, 4/5 wheel up/down, 6/7 wheel left/right, 8/9 back/forward. */
    public synchronized void button(int button, boolean down) throws IOException {
        connect();
        if (down ? heldButtons.add(button) : heldButtons.remove(button)) {
            fake(down ? Xcb.XTest.BUTTON_PRESS : Xcb.XTest.BUTTON_RELEASE, button, 0, 0, 0);
        }
    }

    /** Releases every key and button still held: nothing stays stuck when a viewer goes away. */
    public synchronized void releaseAll() {
        if (x == null || !x.healthy()) {
            heldKeys.clear();
            heldButtons.clear();
            return;
        }
        List<Integer> keys = new ArrayList<>(heldKeys.values());
        heldKeys.clear();
        for (int i = keys.size() - 1; i >= 0; i--) {
            fake(Xcb.XTest.KEY_RELEASE, keys.get(i), 0, 0, 0);
        }
        for (int button : heldButtons) {
            fake(Xcb.XTest.BUTTON_RELEASE, button, 0, 0, 0);
        }
        heldButtons.clear();
    }

    private int keycodeFor(int keysym) throws IOException {
        KeyboardMap.Location at = keyboard.find(keysym);
        if (Keysyms.MODIFIERS.contains(keysym)) {
            return at != null ? at.keycode() : keyboard.lend(keysym, busyKeycodes());
        }
        boolean shift = holds(Keysyms.SHIFTS);
        boolean level3 = holds(Keysyms.LEVEL3);
        boolean command = holds(Keysyms.COMMAND);
        if (at != null && (command
                || at.level() == 0 && !shift && !level3
                || at.level() == 1 && shift && !level3)) {
            return at.keycode();
        }
        return keyboard.lend(keysym, busyKeycodes());
    }

    private boolean holds(Set<Integer> keysyms) {
        return heldKeys.keySet().stream().anyMatch(keysyms::contains);
    }

    private Set<Integer> busyKeycodes() {
        return new HashSet<>(heldKeys.values());
    }

    private void fake(int type, int detail, int root, int px, int py) {
        Xcb.XTest.get().xcb_test_fake_input(x.pointer(), (byte) type, (byte) detail, 0, root, (short) px, (short) py,
                (byte) 0);
        x.flush();
    }

    /** (Re)connects when there is no healthy connection; held state from a lost server is forgotten. */
    private void connect() throws IOException {
        if (x != null && x.healthy()) {
            return;
        }
        if (x != null) {
            x.close();
            x = null;
            heldKeys.clear();
            heldButtons.clear();
        }
        try {
            XcbConnection connection = XcbConnection.open(display);
            keyboard = new KeyboardMap(connection);
            x = connection;
            if (failing) {
                LOG.info("Input reaches the X display {} again", display);
            }
            failing = false;
        } catch (IOException e) {
            if (!failing) {
                LOG.warn("Input cannot reach the X display: {}", e.getMessage());
            }
            failing = true;
            throw e;
        }
    }

    @Override
    public synchronized void close() {
        releaseAll();
        if (x != null) {
            x.close();
            x = null;
        }
    }
}
