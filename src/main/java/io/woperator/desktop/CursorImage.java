package io.woperator.desktop;

/** The desktop's pointer as it looks now: a PNG (base64), its size and its hotspot. */
public record CursorImage(String pngBase64, int width, int height, int hotX, int hotY) {
}
