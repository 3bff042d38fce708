package io.woperator.access;

import io.woperator.config.Role;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Who may upload: each connected viewer of a desktop gets a key in its welcome, and an upload names the viewer and
 * shows its key. The key proves the request comes from that viewer's page, so the server can check that the
 * viewer is in control (or an admin) at the moment of the upload.
 */
public final class UploadPermits {

    /** One viewer's permit: its key, its role, and whether it is in control now. */
    private record Permit(String key, Role role, Predicate<String> inControl) {
    }

    private final Map<String, Permit> permits = new ConcurrentHashMap<>();

    /** A fresh key for a viewer's welcome. */
    public static String newKey() {
        return Secrets.random(18);
    }

    /**
     * The viewer may upload with {@code key} while it is connected, and while {@code inControl} says it drives its
     * desktop (admins may always).
     */
    public void grant(String viewerId, String key, Role role, Predicate<String> inControl) {
        permits.put(viewerId, new Permit(key, role, inControl));
    }

    public void revoke(String viewerId) {
        permits.remove(viewerId);
    }

    /** What stands in the way of this upload, or null when it may go ahead. */
    public String refusal(String viewerId, String key) {
        Permit permit = viewerId == null ? null : permits.get(viewerId);
        if (permit == null || !Secrets.equal(permit.key(), key)) {
            return "uploads come from a connected viewer's page";
        }
        if (permit.role() == Role.VIEW) {
            return "this viewer may only watch";
        }
        if (permit.role() != Role.ADMIN && !permit.inControl().test(viewerId)) {
            return "only the viewer in control may upload; ask for control first";
        }
        return null;
    }

    /** The role of a viewer that holds a permit, for the log. */
    public Role role(String viewerId) {
        Permit permit = permits.get(viewerId);
        return permit == null ? null : permit.role();
    }
}
