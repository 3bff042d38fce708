package io.woperator.config;

import java.util.Locale;

/** Where the video comes from. AUTO means the X11 screen when DISPLAY is set, the test pattern otherwise. */
public enum VideoSourceKind {
    AUTO, X11, TEST_PATTERN;

    public static VideoSourceKind parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "auto" -> AUTO;
            case "x11", "screen" -> X11;
            case "test-pattern", "testpattern", "test" -> TEST_PATTERN;
            default -> throw new IllegalArgumentException("unknown source '" + text + "' (choose auto, x11 or test-pattern)");
        };
    }
}
