package io.woperator.desktop;

import com.sun.jna.Pointer;
import io.woperator.platform.Xcb;
import io.woperator.platform.XcbConnection;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The desktop's clipboard, text both ways, through X selections over an XCB connection of its own. XFixes tells
 * when another application takes CLIPBOARD; its text is then asked for and handed to the listener. Text from a
 * viewer is offered as CLIPBOARD and PRIMARY by a small input-only window, which answers applications' requests
 * for it. One thread waits for the X events; XCB lets other threads send requests meanwhile.
 */
public final class DesktopClipboard implements AutoCloseable {

    /** Largest clipboard text taken or offered, as UTF-8 bytes. */
    public static final int MAX_BYTES = 100 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(DesktopClipboard.class);
    private static final int ATOM_PRIMARY = 1;
    private static final int ATOM_ATOM = 4;
    private static final int ATOM_STRING = 31;
    private static final int WINDOW_CLASS_INPUT_ONLY = 2;
    private static final int SET_SELECTION_OWNER_MASK = 1;
    private static final int CLIENT_MESSAGE = 33;

    /** What the clipboard tells its listener. */
    public interface Listener {
        void copied(String text);

        void tooLarge(long bytes);
    }

    private final String display;
    private volatile Listener listener = new Listener() {
        @Override
        public void copied(String text) {
        }

        @Override
        public void tooLarge(long bytes) {
        }
    };
    private XcbConnection x;
    private Thread thread;
    private int window;
    private int clipboard;
    private int utf8;
    private int targets;
    private int text;
    private int incr;
    private int property;
    private int xfixesFirstEvent;
    private volatile byte[] offered;
    private volatile boolean stopping;
    private String lastCopied;

    public DesktopClipboard(String display) {
        this.display = display;
    }

    /** Who hears of text copied on the desktop; set before the first start. */
    public void onChange(Listener changeListener) {
        this.listener = changeListener;
    }

    public synchronized void start() {
        if (thread != null) {
            return;
        }
        try {
            x = XcbConnection.open(display);
            setUp();
        } catch (IOException e) {
            LOG.warn("No clipboard sharing: {}", e.getMessage());
            if (x != null) {
                x.close();
                x = null;
            }
            return;
        }
        thread = new Thread(this::serve, "woperator-clipboard");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Wakes the event thread with a message to our own window; the thread disconnects on its way out. Closing the
     * connection from here instead would free it under the thread still waiting on it.
     */
    public synchronized void stop() {
        if (thread == null) {
            return;
        }
        stopping = true;
        ByteBuffer wake = ByteBuffer.allocate(32).order(ByteOrder.nativeOrder());
        wake.put((byte) CLIENT_MESSAGE).put((byte) 32).putShort((short) 0).putInt(window).putInt(property);
        Xcb.get().xcb_send_event(x.pointer(), (byte) 0, window, 0, wake.array());
        x.flush();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("The clipboard's thread did not stop within 2 s");
        }
        thread = null;
        x = null;
        offered = null;
        lastCopied = null;
        stopping = false;
    }

    public synchronized boolean running() {
        return thread != null;
    }

    /** Offers {@code text} to the desktop's applications as CLIPBOARD and PRIMARY. */
    public synchronized void set(String value) throws IOException {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_BYTES) {
            throw new IOException("clipboard text of " + bytes.length + " bytes is over the limit of " + MAX_BYTES);
        }
        if (thread == null || stopping || !x.healthy()) {
            throw new IOException("the desktop's clipboard is not reachable");
        }
        offered = bytes;
        lastCopied = value;
        Xcb xcb = Xcb.get();
        xcb.xcb_set_selection_owner(x.pointer(), window, clipboard, 0);
        xcb.xcb_set_selection_owner(x.pointer(), window, ATOM_PRIMARY, 0);
        x.flush();
    }

    private void setUp() throws IOException {
        Xcb xcb = Xcb.get();
        clipboard = atom("CLIPBOARD");
        utf8 = atom("UTF8_STRING");
        targets = atom("TARGETS");
        text = atom("TEXT");
        incr = atom("INCR");
        property = atom("WOPERATOR_CLIPBOARD");
        window = xcb.xcb_generate_id(x.pointer());
        xcb.xcb_create_window(x.pointer(), (byte) 0, window, x.root(), (short) -10, (short) -10, (short) 1, (short) 1,
                (short) 0, (short) WINDOW_CLASS_INPUT_ONLY, 0, 0, null);
        Xcb.XFixes fixes = Xcb.XFixes.get();
        Pointer version = fixes.xcb_xfixes_query_version_reply(x.pointer(),
                fixes.xcb_xfixes_query_version(x.pointer(), 4, 0), null);
        if (version == null) {
            throw new IOException("the X server has no XFixes extension");
        }
        Xcb.free(version);
        // xcb_query_extension_reply_t: first_event at byte 10
        xfixesFirstEvent = Byte.toUnsignedInt(xcb.xcb_get_extension_data(x.pointer(), Xcb.XFixes.id()).getByte(10));
        fixes.xcb_xfixes_select_selection_input(x.pointer(), window, clipboard, SET_SELECTION_OWNER_MASK);
        x.flush();
    }

    private int atom(String name) throws IOException {
        Xcb xcb = Xcb.get();
        Pointer reply = xcb.xcb_intern_atom_reply(x.pointer(),
                xcb.xcb_intern_atom(x.pointer(), (byte) 0, (short) name.length(), name), null);
        if (reply == null) {
            throw new IOException("the X server did not intern " + name);
        }
        try {
            return reply.getInt(8);
        } finally {
            Xcb.free(reply);
        }
    }

    private void serve() {
        XcbConnection connection = x;
        Xcb xcb = Xcb.get();
        try {
            for (Pointer event; !stopping && (event = xcb.xcb_wait_for_event(connection.pointer())) != null; ) {
                try {
                    handle(event);
                } catch (RuntimeException e) {
                    LOG.error("A clipboard event failed", e);
                } finally {
                    Xcb.free(event);
                }
            }
        } finally {
            connection.close();
        }
    }

    private void handle(Pointer event) {
        int type = event.getByte(0) & 0x7f;
        if (type == xfixesFirstEvent) {
            // xcb_xfixes_selection_notify_event_t: owner at byte 8
            if (event.getInt(8) != window) {
                Xcb.get().xcb_convert_selection(x.pointer(), window, clipboard, utf8, property, 0);
                x.flush();
            }
        } else if (type == Xcb.SELECTION_NOTIFY) {
            // xcb_selection_notify_event_t: property at byte 20, 0 when the owner refused
            if (event.getInt(20) != 0) {
                readCopied();
            }
        } else if (type == Xcb.SELECTION_REQUEST) {
            answer(event);
        }
    }

    /** Reads the text another application copied, from the property it was converted into. */
    private void readCopied() {
        Xcb xcb = Xcb.get();
        Pointer reply = xcb.xcb_get_property_reply(x.pointer(), xcb.xcb_get_property(x.pointer(), (byte) 1, window,
                property, 0, 0, MAX_BYTES / 4 + 1), null);
        if (reply == null) {
            return;
        }
        try {
            // xcb_get_property_reply_t: format @1, type @8, bytes_after @12, value_len @16, value from 32
            int valueType = reply.getInt(8);
            long length = Integer.toUnsignedLong(reply.getInt(16)) * Byte.toUnsignedInt(reply.getByte(1)) / 8;
            long after = Integer.toUnsignedLong(reply.getInt(12));
            if (valueType == incr || length + after > MAX_BYTES) {
                listener.tooLarge(valueType == incr ? -1 : length + after);
                return;
            }
            byte[] bytes = reply.getByteArray(32, (int) length);
            String copied = new String(bytes, valueType == ATOM_STRING ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
            if (!copied.equals(lastCopied)) {
                lastCopied = copied;
                listener.copied(copied);
            }
        } finally {
            Xcb.free(reply);
        }
    }

    /** An application wants the text a viewer pasted: put it on the requestor's property, then say so. */
    private void answer(Pointer request) {
        // xcb_selection_request_event_t: time @4, requestor @12, selection @16, target @20, property @24
        int time = request.getInt(4);
        int requestor = request.getInt(12);
        int selection = request.getInt(16);
        int target = request.getInt(20);
        int into = request.getInt(24) == 0 ? target : request.getInt(24);
        byte[] value = offered;
        Xcb xcb = Xcb.get();
        if (value == null) {
            into = 0;
        } else if (target == targets) {
            ByteBuffer atoms = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder());
            atoms.putInt(targets).putInt(utf8).putInt(ATOM_STRING).putInt(text);
            xcb.xcb_change_property(x.pointer(), (byte) 0, requestor, into, ATOM_ATOM, (byte) 32, 4, atoms.array());
        } else if (target == utf8 || target == text) {
            xcb.xcb_change_property(x.pointer(), (byte) 0, requestor, into, utf8, (byte) 8, value.length, value);
        } else if (target == ATOM_STRING) {
            byte[] latin1 = new String(value, StandardCharsets.UTF_8).getBytes(StandardCharsets.ISO_8859_1);
            xcb.xcb_change_property(x.pointer(), (byte) 0, requestor, into, ATOM_STRING, (byte) 8, latin1.length, latin1);
        } else {
            into = 0;
        }
        ByteBuffer notify = ByteBuffer.allocate(32).order(ByteOrder.nativeOrder());
        notify.put((byte) Xcb.SELECTION_NOTIFY).put((byte) 0).putShort((short) 0)
                .putInt(time).putInt(requestor).putInt(selection).putInt(target).putInt(into);
        xcb.xcb_send_event(x.pointer(), (byte) 0, requestor, 0, notify.array());
        x.flush();
    }

    @Override
    public void close() {
        stop();
    }
}
