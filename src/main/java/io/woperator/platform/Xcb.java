package io.woperator.platform;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.IntByReference;

/**
 * The libxcb calls Woperator makes, bound through JNA. XCB rather than Xlib: Xlib ends the whole process when the
 * X server goes away, XCB only marks the connection broken. Calls that return a cookie (a struct of one unsigned
 * int, passed by value) are declared as returning that int.
 */
public interface Xcb extends Library {

    static Xcb get() {
        return Holder.XCB;
    }

    Pointer xcb_connect(String displayName, IntByReference screen);

    int xcb_connection_has_error(Pointer connection);

    void xcb_disconnect(Pointer connection);

    int xcb_flush(Pointer connection);

    Pointer xcb_get_setup(Pointer connection);

    ScreenIterator.ByValue xcb_setup_roots_iterator(Pointer setup);

    void xcb_screen_next(ScreenIterator iterator);

    int xcb_get_geometry(Pointer connection, int drawable);

    Pointer xcb_get_geometry_reply(Pointer connection, int cookie, Pointer error);

    /** The next queued event (malloc'ed), or null when there is none; never blocks. */
    Pointer xcb_poll_for_event(Pointer connection);

    /** response_type of the event every client gets when the keyboard mapping changed. */
    int MAPPING_NOTIFY = 34;

    int xcb_get_keyboard_mapping(Pointer connection, byte firstKeycode, byte count);

    Pointer xcb_get_keyboard_mapping_reply(Pointer connection, int cookie, Pointer error);

    int xcb_change_keyboard_mapping(Pointer connection, byte keycodeCount, byte firstKeycode, byte keysymsPerKeycode,
            int[] keysyms);

    /** xcb_screen_iterator_t; the root window id is the first field of the xcb_screen_t it points to. */
    @Structure.FieldOrder({"data", "rem", "index"})
    class ScreenIterator extends Structure {
        public Pointer data;
        public int rem;
        public int index;

        public static class ByValue extends ScreenIterator implements Structure.ByValue {
        }
    }

    /** libxcb-xtest: synthetic input, as if from a real keyboard and mouse. */
    interface XTest extends Library {
        int KEY_PRESS = 2;
        int KEY_RELEASE = 3;
        int BUTTON_PRESS = 4;
        int BUTTON_RELEASE = 5;
        int MOTION_NOTIFY = 6;

        static XTest get() {
            return Holder.XTEST;
        }

        int xcb_test_fake_input(Pointer connection, byte type, byte detail, int time, int root, short rootX,
                short rootY, byte deviceId);
    }

    /** libxcb-xfixes: the cursor image, which x11grab does not draw. */
    interface XFixes extends Library {
        static XFixes get() {
            return Holder.XFIXES;
        }

        int xcb_xfixes_query_version(Pointer connection, int major, int minor);

        Pointer xcb_xfixes_query_version_reply(Pointer connection, int cookie, Pointer error);

        int xcb_xfixes_get_cursor_image(Pointer connection);

        Pointer xcb_xfixes_get_cursor_image_reply(Pointer connection, int cookie, Pointer error);
    }

    /** Replies are malloc'ed by libxcb and freed by the caller. */
    static void free(Pointer reply) {
        Native.free(Pointer.nativeValue(reply));
    }

    final class Holder {
        static final Xcb XCB = Native.load("xcb", Xcb.class);
        static final XTest XTEST = Native.load("xcb-xtest", XTest.class);
        static final XFixes XFIXES = Native.load("xcb-xfixes", XFixes.class);

        private Holder() {
        }
    }
}
