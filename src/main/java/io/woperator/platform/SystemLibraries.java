package io.woperator.platform;

import com.sun.jna.NativeLibrary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The shared libraries FFmpeg's and webrtc-java's natives, and Woperator's own XCB calls (XTest input, XFixes
 * cursor), load from the system. Without one of them FFmpeg reports every device format as "not found" and
 * webrtc-java fails to link, so start-up checks for all of them and names the Debian package that brings each
 * missing one.
 */
public final class SystemLibraries {

    /** soname → Debian package. */
    static final Map<String, String> REQUIRED = requiredLibraries();

    private SystemLibraries() {
    }

    private static Map<String, String> requiredLibraries() {
        Map<String, String> libs = new LinkedHashMap<>();
        libs.put("libxcb.so.1", "libxcb1");
        libs.put("libxcb-shm.so.0", "libxcb-shm0");
        libs.put("libxcb-xtest.so.0", "libxcb-xtest0");
        libs.put("libxcb-xfixes.so.0", "libxcb-xfixes0");
        libs.put("libasound.so.2", "libasound2");
        libs.put("libpulse.so.0", "libpulse0");
        libs.put("libX11.so.6", "libx11-6");
        libs.put("libXfixes.so.3", "libxfixes3");
        libs.put("libXrandr.so.2", "libxrandr2");
        libs.put("libXcomposite.so.1", "libxcomposite1");
        libs.put("libdbus-1.so.3", "libdbus-1-3");
        libs.put("libudev.so.1", "libudev1");
        return libs;
    }

    /** The sonames that cannot be loaded, in the order above. */
    public static List<String> missing(Predicate<String> loadable) {
        List<String> missing = new ArrayList<>();
        REQUIRED.keySet().forEach(soname -> {
            if (!loadable.test(soname)) {
                missing.add(soname);
            }
        });
        return missing;
    }

    public static List<String> missing() {
        return missing(SystemLibraries::canLoad);
    }

    /** One sentence naming what is missing and the apt-get line that fixes it. */
    public static String explain(List<String> missing) {
        List<String> packages = missing.stream().map(REQUIRED::get).distinct().toList();
        return "Missing system libraries: " + String.join(", ", missing)
                + ". Install them with: sudo apt-get install " + String.join(" ", packages);
    }

    private static boolean canLoad(String soname) {
        try {
            NativeLibrary.getInstance(soname);
            return true;
        } catch (UnsatisfiedLinkError e) {
            return false;
        }
    }
}
