package io.woperator.platform;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import java.io.IOException;

/**
 * One connection to an X display through XCB, with its screen's root window and keycode range. XCB connections
 * are thread-safe; closing one frees it, so close() waits for healthy() and flush() and they never follow it.
 */
public final class XcbConnection implements AutoCloseable {

    private final Pointer connection;
    private final int root;
    private final int minKeycode;
    private final int maxKeycode;
    private boolean closed;

    private XcbConnection(Pointer connection, int root, int minKeycode, int maxKeycode) {
        this.connection = connection;
        this.root = root;
        this.minKeycode = minKeycode;
        this.maxKeycode = maxKeycode;
    }

    /** Connects to the display, e.g. ":0"; fails with a readable reason when it cannot be opened. */
    public static XcbConnection open(String display) throws IOException {
        Xcb xcb = Xcb.get();
        IntByReference screenNumber = new IntByReference();
        Pointer connection = xcb.xcb_connect(display, screenNumber);
        if (connection == null || xcb.xcb_connection_has_error(connection) != 0) {
            if (connection != null) {
                xcb.xcb_disconnect(connection);
            }
            throw new IOException("cannot open X display " + display
                    + " (is the X server running, and may this user connect to it?)");
        }
        Pointer setup = xcb.xcb_get_setup(connection);
        Xcb.ScreenIterator screens = xcb.xcb_setup_roots_iterator(setup);
        for (int i = 0; i < screenNumber.getValue() && screens.rem > 0; i++) {
            xcb.xcb_screen_next(screens);
            screens.read();
        }
        if (screens.rem <= 0 || screens.data == null) {
            xcb.xcb_disconnect(connection);
            throw new IOException("X display " + display + " has no screen " + screenNumber.getValue());
        }
        // xcb_setup_t: min_keycode at byte 34, max_keycode at byte 35
        return new XcbConnection(connection, screens.data.getInt(0),
                Byte.toUnsignedInt(setup.getByte(34)), Byte.toUnsignedInt(setup.getByte(35)));
    }

    public Pointer pointer() {
        return connection;
    }

    public int root() {
        return root;
    }

    public int minKeycode() {
        return minKeycode;
    }

    public int maxKeycode() {
        return maxKeycode;
    }

    /** False once the X server went away, the connection broke, or it was closed. */
    public synchronized boolean healthy() {
        return !closed && Xcb.get().xcb_connection_has_error(connection) == 0;
    }

    /**
     * Reads every event that has arrived (events this connection did not ask for are dropped); true when one of
     * {@code responseType} was among them.
     */
    public boolean takeEvents(int responseType) {
        Xcb xcb = Xcb.get();
        boolean seen = false;
        for (Pointer event; (event = xcb.xcb_poll_for_event(connection)) != null; ) {
            seen |= (event.getByte(0) & 0x7f) == responseType;
            Xcb.free(event);
        }
        return seen;
    }

    /** As {@link #takeEvents}, waiting up to {@code timeoutMillis} (0: not at all) for such an event to arrive. */
    public boolean awaitEvent(int responseType, int timeoutMillis) {
        if (takeEvents(responseType)) {
            return true;
        }
        return timeoutMillis > 0 && Poll.readable(Xcb.get().xcb_get_file_descriptor(connection), timeoutMillis)
                && takeEvents(responseType);
    }

    public synchronized void flush() {
        if (!closed) {
            Xcb.get().xcb_flush(connection);
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            Xcb.get().xcb_disconnect(connection);
        }
    }
}
