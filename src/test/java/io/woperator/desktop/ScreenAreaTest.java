package io.woperator.desktop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class ScreenAreaTest {

    private final ScreenArea region = new ScreenArea(100, 50, 1280, 720);

    @Test
    void aPixelOfAPictureAtTheAreasSizeIsTheSamePixelOfTheArea() {
        assertArrayEquals(new int[] {100, 50}, region.pixelOf(0, 0, null, null));
        assertArrayEquals(new int[] {1379, 769}, region.pixelOf(1279, 719, 1280, 720));
        assertNull(region.pixelOf(1280, 0, null, null));
        assertNull(region.pixelOf(0, -1, null, null));
    }

    /** A quarter-size picture (a simulcast layer, a scaled-down stream): its pixel is scaled up to the screen's. */
    @Test
    void aPixelOfASmallerPictureLandsWhereItShowsTheScreen() {
        assertArrayEquals(new int[] {100 + 642, 50 + 542}, region.pixelOf(160, 135, 320, 180));
        assertArrayEquals(new int[] {100 + 2, 50 + 2}, region.pixelOf(0, 0, 320, 180));
        assertArrayEquals(new int[] {100 + 1278, 50 + 718}, region.pixelOf(319, 179, 320, 180));
        assertNull(region.pixelOf(320, 0, 320, 180), "outside the picture");
    }
}
