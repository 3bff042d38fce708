package io.woperator.desktop;

import com.sun.jna.Pointer;
import io.woperator.platform.Xcb;
import io.woperator.platform.XcbConnection;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The X server's keycode → keysym table, and spare keycodes lent out to keysyms it lacks (an é on a US desktop,
 * a € anywhere). A lent keycode carries its keysym on every level, so no modifier changes what it types.
 */
final class KeyboardMap {

    /** Where a keysym sits: its keycode, and the level (0 plain, 1 with Shift, 2+ with AltGr and the like). */
    record Location(int keycode, int level) {
    }

    private final XcbConnection x;
    private final int first;
    private int perKeycode;
    private int[] keysyms;
    /** Spare keycodes, least recently lent first. */
    private final Deque<Integer> spares = new ArrayDeque<>();
    private final Map<Integer, Integer> lent = new HashMap<>();

    KeyboardMap(XcbConnection x) throws IOException {
        this.x = x;
        this.first = x.minKeycode();
        load();
    }

    /**
     * Reads the table again if the X server said it changed (a MappingNotify, which every client gets, waits in
     * the connection's queue): someone switched the desktop's layout, or this map lent a keycode.
     */
    void refreshIfChanged() throws IOException {
        if (x.takeEvents(Xcb.MAPPING_NOTIFY)) {
            load();
        }
    }

    /** The keycode and level of {@code keysym} in the server's map, preferring plain keys; null if absent. */
    Location find(int keysym) {
        for (int level = 0; level < perKeycode; level++) {
            for (int i = 0; i < keysyms.length / perKeycode; i++) {
                if (keysyms[i * perKeycode + level] == keysym) {
                    return new Location(first + i, level);
                }
            }
        }
        return null;
    }

    /**
     * A keycode that types {@code keysym} whatever modifiers are down: a spare one, remapped now unless it
     * already is. The least recently lent keycode that is not in {@code busy} (held down) is reused: clients read
     * a new mapping only when they get round to its MappingNotify, so a keycode lent again too soon would type
     * its next character in place of its last.
     */
    int lend(int keysym, Set<Integer> busy) throws IOException {
        Integer keycode = lent.get(keysym);
        if (keycode == null) {
            keycode = spares.stream().filter(k -> !busy.contains(k)).findFirst()
                    .orElseThrow(() -> new IOException("every spare keycode is held down"));
            lent.values().remove(keycode);
            int[] row = new int[perKeycode];
            Arrays.fill(row, keysym);
            Xcb.get().xcb_change_keyboard_mapping(x.pointer(), (byte) 1, (byte) (int) keycode, (byte) perKeycode, row);
            System.arraycopy(row, 0, keysyms, (keycode - first) * perKeycode, perKeycode);
            lent.put(keysym, keycode);
        }
        spares.remove(keycode);
        spares.addLast(keycode);
        return keycode;
    }

    private boolean unused(int keycode) {
        for (int level = 0; level < perKeycode; level++) {
            if (keysyms[(keycode - first) * perKeycode + level] != 0) {
                return false;
            }
        }
        return true;
    }

    private void load() throws IOException {
        Xcb xcb = Xcb.get();
        int count = x.maxKeycode() - first + 1;
        int cookie = xcb.xcb_get_keyboard_mapping(x.pointer(), (byte) first, (byte) count);
        Pointer reply = xcb.xcb_get_keyboard_mapping_reply(x.pointer(), cookie, null);
        if (reply == null) {
            throw new IOException("the X server did not send its keyboard map");
        }
        try {
            // xcb_get_keyboard_mapping_reply_t: keysyms_per_keycode at byte 1, the keysyms after 32 bytes
            perKeycode = Byte.toUnsignedInt(reply.getByte(1));
            keysyms = reply.getIntArray(32, count * perKeycode);
        } finally {
            Xcb.free(reply);
        }
        // A layout switch rewrites every keycode: forget lendings it undid, and find the spare keycodes again,
        // keeping the order in which they were last lent.
        lent.entrySet().removeIf(e -> keysyms[(e.getValue() - first) * perKeycode] != e.getKey());
        spares.removeIf(k -> !unused(k) && !lent.containsValue(k));
        for (int keycode = x.maxKeycode(); keycode >= first; keycode--) {
            if ((unused(keycode) || lent.containsValue(keycode)) && !spares.contains(keycode)) {
                spares.addFirst(keycode);
            }
        }
        if (spares.isEmpty()) {
            throw new IOException("the X keyboard map has no unused keycode to type unusual characters with");
        }
    }
}
