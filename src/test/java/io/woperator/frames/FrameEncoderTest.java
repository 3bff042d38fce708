package io.woperator.frames;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onvoid.webrtc.media.video.NativeI420Buffer;
import io.woperator.config.VideoCodec;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FrameEncoderTest {

    @BeforeAll
    static void loadWebrtcJava() throws ClassNotFoundException {
        // webrtc-java's natives (for its I420 buffers) load with its factory class, as the server's engine does
        Class.forName("dev.onvoid.webrtc.PeerConnectionFactory");
    }

    @ParameterizedTest
    @EnumSource(value = VideoCodec.class, names = {"VP8", "VP9", "H264"})
    void eachPictureComesOutAtOnceWithKeyframesOnlyWhenAsked(VideoCodec codec) {
        assertTrue(FrameEncoder.canEncode(codec), codec + " can be encoded");
        NativeI420Buffer i420 = NativeI420Buffer.allocate(320, 180);
        try (FrameEncoder encoder = new FrameEncoder(codec, 320, 180, 1000, 30)) {
            List<FrameEncoder.Encoded> out = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                paint(i420, i);
                List<FrameEncoder.Encoded> one = encoder.encode(i420, i == 0 || i == 6);
                // no look-ahead: every picture comes out of the call that took it
                assertTrue(one.size() == 1, "picture " + i + " came out at once, got " + one.size());
                out.addAll(one);
            }
            assertTrue(out.get(0).keyframe(), "the first picture is a keyframe");
            assertTrue(out.get(6).keyframe(), "a keyframe when asked");
            for (int i : new int[] {1, 2, 3, 4, 5, 7, 8, 9}) {
                assertFalse(out.get(i).keyframe(), "picture " + i + " is not a keyframe");
                assertTrue(out.get(i).data().length < out.get(0).data().length, "a delta is smaller than a keyframe");
            }
            if (codec == VideoCodec.H264) {
                byte[] first = out.get(0).data();
                assertTrue(first[0] == 0 && first[1] == 0 && (first[2] == 1 || first[2] == 0 && first[3] == 1),
                        "H.264 comes as Annex B (start codes)");
            }
        } finally {
            i420.release();
        }
    }

    /**
     * A still, detailed picture with a bright square that moves with {@code step}: a keyframe must carry the detail,
     * a delta only the square's move (over a flat picture an encoder may spend more on a delta than on the keyframe).
     */
    private static void paint(NativeI420Buffer i420, int step) {
        ByteBuffer y = i420.getDataY();
        for (int row = 0; row < 180; row++) {
            for (int col = 0; col < 320; col++) {
                boolean square = col >= 10 + step * 8 && col < 60 + step * 8 && row >= 40 && row < 90;
                int detail = ((col * 73_856_093) ^ (row * 19_349_663)) >>> 24;
                y.put(row * i420.getStrideY() + col, (byte) (square ? 230 : detail));
            }
        }
        fill(i420.getDataU(), 128);
        fill(i420.getDataV(), 128);
    }

    private static void fill(ByteBuffer plane, int value) {
        for (int i = 0; i < plane.capacity(); i++) {
            plane.put(i, (byte) value);
        }
    }
}
