package io.woperator.files;

import java.nio.charset.StandardCharsets;

/** Turns the name a browser gives a file into one that is safe to create in a folder. */
final class FileNames {

    private static final int MAX_BYTES = 200;

    private FileNames() {
    }

    /**
     * The last part of {@code name} (no folders, so no way out of the folder), without control characters, not
     * hidden (leading dots become '_'), at most 200 bytes of UTF-8, never empty or "." or "..".
     */
    static String safe(String name) {
        String base = name == null ? "" : name.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1);
        StringBuilder clean = new StringBuilder();
        base.codePoints().filter(c -> c >= 0x20 && c != 0x7f && !(c >= 0x80 && c < 0xa0))
                .forEach(clean::appendCodePoint);
        String safe = clean.toString().strip();
        int dots = 0;
        while (dots < safe.length() && safe.charAt(dots) == '.') {
            dots++;
        }
        safe = "_".repeat(dots) + safe.substring(dots);
        while (safe.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            safe = safe.substring(0, safe.offsetByCodePoints(safe.length(), -1));
        }
        return safe.isEmpty() ? "upload" : safe;
    }

    /** The {@code n}th other name for a file whose name is taken: "report (2).pdf". */
    static String numbered(String name, int n) {
        int dot = name.lastIndexOf('.');
        if (dot <= 0) {
            return name + " (" + n + ")";
        }
        return name.substring(0, dot) + " (" + n + ")" + name.substring(dot);
    }
}
