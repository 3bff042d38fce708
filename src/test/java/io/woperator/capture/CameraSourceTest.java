package io.woperator.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The camera source through FFmpeg's real grabber. No camera exists on these machines (and v4l2loopback cannot be
 * loaded in their containers), so the picture comes from an input FFmpeg can open here, lavfi, through the same
 * grabber, conversion and packing; the video4linux2 input itself is tried for real on a device that is missing
 * and on one that is no camera.
 */
class CameraSourceTest {

    @Test
    void deliversConvertedEvenSizedPackedFramesAtTheAskedRate() throws CaptureException {
        CameraSource.Input colour = new CameraSource.Input("lavfi", "color=c=0x3366cc:size=321x241:rate=60", Map.of(),
                false);
        try (CameraSource source = CameraSource.open(colour, 30)) {
            CapturedFrame frame = source.grab();
            assertEquals(320, frame.width());
            assertEquals(240, frame.height());
            assertEquals(320 * 240 * 4, frame.pixels().remaining());
            assertTrue(close(rgbAt(frame, 10, 10), 0x3366cc), String.format("saw %06x", rgbAt(frame, 10, 10)));
            assertTrue(close(rgbAt(frame, 319, 239), 0x3366cc), "the last pixel of a packed frame");
            long start = System.nanoTime();
            for (int i = 0; i < 15; i++) {
                source.grab();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            assertTrue(seconds >= 14 / 30.0 - 0.02, "an input that does not pace itself is paced: 15 frames took "
                    + seconds + " s");
        }
    }

    @Test
    void aMissingCameraIsAClearError() {
        CaptureException e = assertThrows(CaptureException.class,
                () -> CameraSource.openV4l2("/dev/video63", 640, 480, 30, "mjpeg"));
        assertTrue(e.getMessage().contains("no camera at /dev/video63"), e.getMessage());
        assertThrows(CaptureException.class, () -> FrameSources.check(new io.woperator.protocol.StreamSpec.Source(
                "v4l2", null, null, "/dev/video63", null, null, null, null)));
    }

    @Test
    void aDeviceThatIsNoCameraIsRefusedByVideo4linux2() {
        CaptureException e = assertThrows(CaptureException.class,
                () -> CameraSource.openV4l2("/dev/null", 640, 480, 30, null));
        assertTrue(e.getMessage().startsWith("cannot open /dev/null (video4linux2)"), e.getMessage());
    }

    private static int rgbAt(CapturedFrame frame, int x, int y) {
        ByteBuffer p = frame.pixels();
        int i = (y * frame.width() + x) * 4;
        return (p.get(i + 2) & 0xFF) << 16 | (p.get(i + 1) & 0xFF) << 8 | (p.get(i) & 0xFF);
    }

    /** Within a few steps per channel: lavfi's colour goes through YUV on its way to BGRA. */
    private static boolean close(int a, int b) {
        for (int shift = 0; shift <= 16; shift += 8) {
            if (Math.abs(((a >> shift) & 0xFF) - ((b >> shift) & 0xFF)) > 6) {
                return false;
            }
        }
        return true;
    }
}
