package io.woperator.desktop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class ScreenResizerTest {

    private static final String XVFB_720P = "Screen 0: minimum 1 x 1, current 1280 x 720, maximum 1280 x 720\n";

    @Test
    void aSizeTheScreenCannotTakeShrinksToItKeepingItsShape() {
        // a phone in portrait at twice the density asks far more height than the screen has
        assertArrayEquals(new int[] {332, 720}, ScreenResizer.fit(780, 1688, XVFB_720P));
        assertArrayEquals(new int[] {1280, 720}, ScreenResizer.fit(1920, 1080, XVFB_720P));
        assertArrayEquals(new int[] {1000, 600}, ScreenResizer.fit(1000, 600, XVFB_720P));
        assertArrayEquals(new int[] {1000, 600}, ScreenResizer.fit(1001, 601, "no maximum said"));
    }
}
