package io.woperator.capture;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.IntByReference;

/**
 * Asks the X server for the current size of a screen's root window, over its own XCB connection. XCB rather than
 * Xlib because Xlib ends the whole process when the X server goes away; XCB only marks the connection broken.
 */
public final class XcbScreen implements AutoCloseable {

    /** Width and height of the root window, in pixels. */
    public record Size(int width, int height) {
        @Override
        public String toString() {
            return width + "x" + height;
        }
    }

    private final Pointer connection;
    private final int root;

    private XcbScreen(Pointer connection, int root) {
        this.connection = connection;
        this.root = root;
    }

    /** Connects to the display, e.g. ":0"; fails with a readable reason when the display cannot be opened. */
    public static XcbScreen open(String display) throws CaptureException {
        Xcb xcb = Xcb.load();
        IntByReference screenNumber = new IntByReference();
        Pointer connection = xcb.xcb_connect(display, screenNumber);
        if (connection == null || xcb.xcb_connection_has_error(connection) != 0) {
            if (connection != null) {
                xcb.xcb_disconnect(connection);
            }
            throw new CaptureException("cannot open X display " + display
                    + " (is the X server running, and may this user connect to it?)");
        }
        Xcb.ScreenIterator screens = xcb.xcb_setup_roots_iterator(xcb.xcb_get_setup(connection));
        for (int i = 0; i < screenNumber.getValue() && screens.rem > 0; i++) {
            xcb.xcb_screen_next(screens);
            screens.read();
        }
        if (screens.rem <= 0 || screens.data == null) {
            xcb.xcb_disconnect(connection);
            throw new CaptureException("X display " + display + " has no screen " + screenNumber.getValue());
        }
        return new XcbScreen(connection, screens.data.getInt(0));
    }

    /** One round trip to the server for the root window's geometry. */
    public Size size() throws CaptureException {
        Xcb xcb = Xcb.load();
        int cookie = xcb.xcb_get_geometry(connection, root);
        Pointer reply = xcb.xcb_get_geometry_reply(connection, cookie, null);
        if (reply == null) {
            throw new CaptureException("the X server did not answer a geometry request (did it stop?)");
        }
        try {
            // xcb_get_geometry_reply_t: ..., int16 x @12, int16 y @14, uint16 width @16, uint16 height @18
            return new Size(Short.toUnsignedInt(reply.getShort(16)), Short.toUnsignedInt(reply.getShort(18)));
        } finally {
            Native.free(Pointer.nativeValue(reply));
        }
    }

    @Override
    public void close() {
        Xcb.load().xcb_disconnect(connection);
    }

    /** The few libxcb calls needed, bound through JNA. */
    interface Xcb extends Library {

        static Xcb load() {
            return Holder.INSTANCE;
        }

        Pointer xcb_connect(String displayName, IntByReference screen);

        int xcb_connection_has_error(Pointer connection);

        void xcb_disconnect(Pointer connection);

        Pointer xcb_get_setup(Pointer connection);

        ScreenIterator.ByValue xcb_setup_roots_iterator(Pointer setup);

        void xcb_screen_next(ScreenIterator iterator);

        /** Returns the cookie, a struct of one unsigned int, passed by value as that int. */
        int xcb_get_geometry(Pointer connection, int drawable);

        Pointer xcb_get_geometry_reply(Pointer connection, int cookie, Pointer error);

        /** xcb_screen_iterator_t; the root window id is the first field of the xcb_screen_t it points to. */
        @Structure.FieldOrder({"data", "rem", "index"})
        class ScreenIterator extends Structure {
            public Pointer data;
            public int rem;
            public int index;

            public static class ByValue extends ScreenIterator implements Structure.ByValue {
            }
        }

        final class Holder {
            static final Xcb INSTANCE = Native.load("xcb", Xcb.class);

            private Holder() {
            }
        }
    }
}
