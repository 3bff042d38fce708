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

    /** The connection's socket, to wait on with poll(2) for events. */
    int xcb_get_file_descriptor(Pointer connection);

    /** Blocks until the next event arrives (malloc'ed), or returns null when the connection broke. */
    Pointer xcb_wait_for_event(Pointer connection);

    int xcb_generate_id(Pointer connection);

    int xcb_change_window_attributes(Pointer connection, int window, int valueMask, int[] valueList);

    int xcb_create_window(Pointer connection, byte depth, int window, int parent, short x, short y, short width,
            short height, short borderWidth, short windowClass, int visual, int valueMask, Pointer values);

    int xcb_intern_atom(Pointer connection, byte onlyIfExists, short nameLength, String name);

    Pointer xcb_intern_atom_reply(Pointer connection, int cookie, Pointer error);

    int xcb_set_selection_owner(Pointer connection, int owner, int selection, int time);

    int xcb_convert_selection(Pointer connection, int requestor, int selection, int target, int property, int time);

    int xcb_get_property(Pointer connection, byte delete, int window, int property, int type, int longOffset,
            int longLength);

    Pointer xcb_get_property_reply(Pointer connection, int cookie, Pointer error);

    int xcb_change_property(Pointer connection, byte mode, int window, int property, int type, byte format,
            int dataLength, byte[] data);

    int xcb_send_event(Pointer connection, byte propagate, int destination, int eventMask, byte[] event);

    /** The extension's reply to QueryExtension, owned by libxcb (not freed). */
    Pointer xcb_get_extension_data(Pointer connection, Pointer extensionId);

    int SELECTION_CLEAR = 29;
    int SELECTION_REQUEST = 30;
    int SELECTION_NOTIFY = 31;

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

        int xcb_xfixes_select_selection_input(Pointer connection, int window, int selection, int eventMask);

        int xcb_xfixes_select_cursor_input(Pointer connection, int window, int eventMask);

        /** The xcb_extension_t that identifies XFixes to xcb_get_extension_data. */
        static Pointer id() {
            return com.sun.jna.NativeLibrary.getInstance("xcb-xfixes").getGlobalVariableAddress("xcb_xfixes_id");
        }

        Pointer xcb_xfixes_get_cursor_image_reply(Pointer connection, int cookie, Pointer error);
    }

    /** libxcb-damage: the X server says when pixels of a window (the root: the whole screen) change. */
    interface Damage extends Library {
        /** Reports one DamageNotify when the damaged region turns from empty to not empty. */
        byte REPORT_NON_EMPTY = 3;

        /** Throws a LinkageError where libxcb-damage is missing. */
        static Damage get() {
            return DamageHolder.DAMAGE;
        }

        /** Apart from the other libraries: a missing libxcb-damage must not take XCB itself down with it. */
        final class DamageHolder {
            static final Damage DAMAGE = Native.load("xcb-damage", Damage.class);

            private DamageHolder() {
            }
        }

        /** The xcb_extension_t that identifies DAMAGE to xcb_get_extension_data. */
        static Pointer id() {
            return com.sun.jna.NativeLibrary.getInstance("xcb-damage").getGlobalVariableAddress("xcb_damage_id");
        }

        int xcb_damage_query_version(Pointer connection, int major, int minor);

        Pointer xcb_damage_query_version_reply(Pointer connection, int cookie, Pointer error);

        int xcb_damage_create(Pointer connection, int damage, int drawable, byte level);

        /** With repair and parts both 0 (None): the whole region counts as repaired, the next change reports. */
        int xcb_damage_subtract(Pointer connection, int damage, int repair, int parts);

        int xcb_damage_destroy(Pointer connection, int damage);
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
