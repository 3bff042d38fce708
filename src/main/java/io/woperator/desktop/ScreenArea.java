package io.woperator.desktop;

/** The part of the X screen the video shows: where its top-left corner is, and its size. */
public record ScreenArea(int x, int y, int width, int height) {

    /**
     * The X screen's pixel under a pixel of a picture of this area that is {@code pictureWidth} × {@code pictureHeight}
     * (null: the area's own size), or null when the pixel is outside the picture.
     */
    public int[] pixelOf(int pictureX, int pictureY, Integer pictureWidth, Integer pictureHeight) {
        int w = pictureWidth == null ? width : pictureWidth;
        int h = pictureHeight == null ? height : pictureHeight;
        if (pictureX < 0 || pictureY < 0 || pictureX >= w || pictureY >= h) {
            return null;
        }
        // the middle of the picture's pixel, on the screen
        return new int[] {x + (int) ((pictureX + 0.5) * width / w), y + (int) ((pictureY + 0.5) * height / h)};
    }
}
