package io.woperator.capture;

import com.sun.jna.Pointer;
import io.woperator.platform.Xcb;
import io.woperator.platform.XcbConnection;
import java.io.IOException;

/**
 * The size of a screen's root window, over an XCB connection of its own: asked of the X server, and told by it when
 * it changes (the root's ConfigureNotify, which RandR resizes send).
 */
public final class XcbScreen implements AutoCloseable {
    private static final int CW_EVENT_MASK = 1 << 11;
    private static final int EVENT_MASK_STRUCTURE_NOTIFY = 1 << 17;
    private static final int CONFIGURE_NOTIFY = 22;

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
        XcbConnection connection;
        try {
            connection = XcbConnection.open(display);
        } catch (IOException e) {
            throw new CaptureException(e.getMessage(), e);
        }
        Xcb.get().xcb_change_window_attributes(connection.pointer(), connection.root(), CW_EVENT_MASK,
                new int[] {EVENT_MASK_STRUCTURE_NOTIFY});
        connection.flush();
        return new XcbScreen(connection);
    }

    /** Whether the root window changed (its size, most likely) since this was last asked; no round trip. */
    public boolean changed() {
        return connection.takeEvents(CONFIGURE_NOTIFY);
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
