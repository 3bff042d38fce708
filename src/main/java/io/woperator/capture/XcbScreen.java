package io.woperator.capture;

import com.sun.jna.Pointer;
import io.woperator.platform.Xcb;
import io.woperator.platform.XcbConnection;
import java.io.IOException;

/** Asks the X server for the current size of a screen's root window, over an XCB connection of its own. */
public final class XcbScreen implements AutoCloseable {

    /** Width and height of the root window, in pixels. */
    public record Size(int width, int height) {
        @Override
        public String toString() {
            return width + "x" + height;
        }
    }

    private final XcbConnection connection;

    private XcbScreen(XcbConnection connection) {
        this.connection = connection;
    }

    public static XcbScreen open(String display) throws CaptureException {
        try {
            return new XcbScreen(XcbConnection.open(display));
        } catch (IOException e) {
            throw new CaptureException(e.getMessage(), e);
        }
    }

    /** One round trip to the server for the root window's geometry. */
    public Size size() throws CaptureException {
        Xcb xcb = Xcb.get();
        int cookie = xcb.xcb_get_geometry(connection.pointer(), connection.root());
        Pointer reply = xcb.xcb_get_geometry_reply(connection.pointer(), cookie, null);
        if (reply == null) {
            throw new CaptureException("the X server did not answer a geometry request");
        }
        try {
            // xcb_get_geometry_reply_t: ..., int16 x @12, int16 y @14, uint16 width @16, uint16 height @18
            return new Size(Short.toUnsignedInt(reply.getShort(16)), Short.toUnsignedInt(reply.getShort(18)));
        } finally {
            Xcb.free(reply);
        }
    }

    @Override
    public void close() {
        connection.close();
    }
}
