package io.woperator.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SystemLibrariesTest {

    @Test
    void namesTheDebianPackageOfEachMissingLibrary() {
        List<String> missing = SystemLibraries.missing(soname -> !soname.startsWith("libxcb-shm") && !soname.startsWith("libpulse"));
        assertEquals(List.of("libxcb-shm.so.0", "libpulse.so.0"), missing);
        assertEquals("Missing system libraries: libxcb-shm.so.0, libpulse.so.0. "
                + "Install them with: sudo apt-get install libxcb-shm0 libpulse0", SystemLibraries.explain(missing));
    }

    @Test
    void thisMachineHasThemAll() {
        assertTrue(SystemLibraries.missing().isEmpty(), () -> SystemLibraries.explain(SystemLibraries.missing()));
    }
}
