package io.woperator.capture;

import com.sun.jna.Pointer;
import io.woperator.platform.Xcb;
import io.woperator.platform.XcbConnection;
import java.io.IOException;

/**
 * Hears from the X server when the screen's pixels change (the DAMAGE extension, on the root window, over an XCB
 * connection of its own), so that capture can grab a change at once and nothing while the screen is still.
 */
final class ScreenChanges implements ChangePacer.Changes, AutoCloseable {

    /** DamageNotify is the extension's first event. */
    private static final int DAMAGE_NOTIFY = 0;

    private final XcbConnection connection;
    private final int damage;
    private final int notifyEvent;

    private ScreenChanges(XcbConnection connection, int damage, int notifyEvent) {
        this.connection = connection;
        this.damage = damage;
        this.notifyEvent = notifyEvent;
    }

    /** Starts listening on {@code display}; fails, saying why, where libxcb-damage or the extension is missing. */
    static ScreenChanges open(String display) throws CaptureException {
        Xcb.Damage damageLibrary;
        Pointer extensionId;
        try {
            damageLibrary = Xcb.Damage.get();
            extensionId = Xcb.Damage.id();
        } catch (LinkageError e) {
            // UnsatisfiedLinkError, or after the first try the binding's class that could not be initialised
            throw new CaptureException("libxcb-damage is not installed (Debian: libxcb-damage0)", e);
        }
        XcbConnection connection;
        try {
            connection = XcbConnection.open(display);
        } catch (IOException e) {
            throw new CaptureException(e.getMessage(), e);
        }
        try {
            Xcb xcb = Xcb.get();
            Pointer c = connection.pointer();
            // xcb_query_extension_reply_t: present @8, first_event @10
            Pointer extension = xcb.xcb_get_extension_data(c, extensionId);
            if (extension == null || extension.getByte(8) == 0) {
                throw new CaptureException("the X server on " + display + " has no DAMAGE extension");
            }
            int firstEvent = Byte.toUnsignedInt(extension.getByte(10));
            // the extension wants its version agreed before any other request
            Pointer version = damageLibrary.xcb_damage_query_version_reply(c,
                    damageLibrary.xcb_damage_query_version(c, 1, 1), null);
            if (version == null) {
                throw new CaptureException("the X server on " + display + " refused the DAMAGE version query");
            }
            Xcb.free(version);
            int damage = xcb.xcb_generate_id(c);
            damageLibrary.xcb_damage_create(c, damage, connection.root(), Xcb.Damage.REPORT_NON_EMPTY);
            connection.flush();
            return new ScreenChanges(connection, damage, firstEvent + DAMAGE_NOTIFY);
        } catch (CaptureException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /**
     * Waits up to {@code timeoutNanos} (0: not at all) for the screen to change since the last change reported.
     * A reported change is cleared at once, so that anything drawn from now on reports again.
     */
    @Override
    public boolean await(long timeoutNanos) throws CaptureException {
        boolean changed = connection.awaitEvent(notifyEvent,
                timeoutNanos > 0 ? (int) Math.max(1, timeoutNanos / 1_000_000) : 0);
        if (!connection.healthy()) {
            throw new CaptureException("the connection to the X server broke");
        }
        if (changed) {
            Xcb.Damage.get().xcb_damage_subtract(connection.pointer(), damage, 0, 0);
            connection.flush();
        }
        return changed;
    }

    @Override
    public void close() {
        if (connection.healthy()) {
            Xcb.Damage.get().xcb_damage_destroy(connection.pointer(), damage);
            connection.flush();
        }
        connection.close();
    }
}
