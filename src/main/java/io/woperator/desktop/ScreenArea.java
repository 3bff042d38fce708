package io.woperator.desktop;

/** The part of the X screen the video shows: where its top-left corner is, and its size. */
public record ScreenArea(int x, int y, int width, int height) {

    /** Whether a pixel of the video picture is inside it. */
    public boolean contains(int videoX, int videoY) {
        return videoX >= 0 && videoY >= 0 && videoX < width && videoY < height;
    }
}
