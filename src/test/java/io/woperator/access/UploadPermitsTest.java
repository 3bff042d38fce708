package io.woperator.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.woperator.config.Role;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UploadPermitsTest {

    private final UploadPermits permits = new UploadPermits();
    private final Set<String> inControl = new HashSet<>();

    @Test
    void onlyTheViewerInControlOrAnAdminWithItsOwnKey() {
        String key = UploadPermits.newKey();
        permits.grant("v1", key, Role.CONTROL, inControl::contains);
        permits.grant("v2", UploadPermits.newKey(), Role.VIEW, inControl::contains);
        String adminKey = UploadPermits.newKey();
        permits.grant("v3", adminKey, Role.ADMIN, inControl::contains);

        assertEquals("only the viewer in control may upload; ask for control first", permits.refusal("v1", key));
        inControl.add("v1");
        assertNull(permits.refusal("v1", key));
        assertEquals("uploads come from a connected viewer's page", permits.refusal("v1", adminKey), "another's key");
        assertEquals("uploads come from a connected viewer's page", permits.refusal("v1", null));
        assertEquals("uploads come from a connected viewer's page", permits.refusal(null, key));
        inControl.add("v2");
        assertNotEquals(null, permits.refusal("v2", "wrong"));
        assertNull(permits.refusal("v3", adminKey), "an admin may, in control or not");
        permits.revoke("v1");
        assertEquals("uploads come from a connected viewer's page", permits.refusal("v1", key), "gone");
        assertNotEquals(UploadPermits.newKey(), UploadPermits.newKey());
    }
}
