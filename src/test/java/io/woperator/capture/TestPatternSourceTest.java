package io.woperator.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class TestPatternSourceTest {

    private static int rgbAt(CapturedFrame frame, int x, int y) {
        ByteBuffer p = frame.pixels();
        int i = (y * frame.width() + x) * 4;
        return (p.get(i + 2) & 0xFF) << 16 | (p.get(i + 1) & 0xFF) << 8 | (p.get(i) & 0xFF);
    }

    @Test
    void paintsTheBarsInBgrxOrderWithPackedRows() throws CaptureException {
        try (TestPatternSource source = new TestPatternSource(700, 300, 60)) {
            CapturedFrame frame = source.grab();
            assertEquals(700 * 300 * 4, frame.pixels().remaining());
            for (int bar = 0; bar < TestPatternSource.BARS.length; bar++) {
                assertEquals(TestPatternSource.BARS[bar], rgbAt(frame, bar * 100 + 50, 50), "bar " + bar);
            }
        }
    }

    @Test
    void theBandBelowMovesFromFrameToFrame() throws CaptureException {
        try (TestPatternSource source = new TestPatternSource(320, 180, 60)) {
            int band = 180 * 5 / 6;
            byte[] first = row(source.grab(), band);
            byte[] second = row(source.grab(), band);
            assertNotEquals(java.util.Arrays.toString(first), java.util.Arrays.toString(second));
        }
    }

    private static byte[] row(CapturedFrame frame, int y) {
        byte[] row = new byte[frame.width() * 4];
        frame.pixels().get(y * row.length, row);
        return row;
    }
}
