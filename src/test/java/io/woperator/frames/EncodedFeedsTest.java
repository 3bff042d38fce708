package io.woperator.frames;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onvoid.webrtc.media.video.NativeI420Buffer;
import dev.onvoid.webrtc.media.video.VideoFrame;
import io.woperator.config.VideoCodec;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A stream's own encoders: one per format taken, shared, keyframe first, gone with its last viewer. */
class EncodedFeedsTest {

    private static final EncodedFeed.Format VP8_FULL = new EncodedFeed.Format(VideoCodec.VP8, 500, 1000, 1);
    private static final EncodedFeed.Format VP8_HALF = new EncodedFeed.Format(VideoCodec.VP8, 500, 1000, 2);

    private final EncodedFeeds feeds = new EncodedFeeds("test");

    @BeforeAll
    static void loadWebrtcJava() throws ClassNotFoundException {
        Class.forName("dev.onvoid.webrtc.PeerConnectionFactory");
    }

    /** Takes pictures and remembers whether each was a keyframe. */
    private static final class Taker implements EncodedFeed.Sink {
        final List<Boolean> keyframes = new CopyOnWriteArrayList<>();

        @Override
        public void picture(EncodedFeed.Format format, FrameEncoder.Encoded picture) {
            keyframes.add(picture.keyframe());
        }
    }

    @Test
    void viewersOfOneFormatShareAFeedWhichGoesWithTheLast() throws Exception {
        Taker first = new Taker();
        Taker second = new Taker();
        Taker half = new Taker();
        EncodedFeed shared = feeds.subscribe(VP8_FULL, first);
        assertSame(shared, feeds.subscribe(VP8_FULL, second), "the same format, the same encoder");
        EncodedFeed other = feeds.subscribe(VP8_HALF, half);
        assertEquals(2, feeds.feedsRunning());

        offerUntil(() -> first.keyframes.size() >= 3 && half.keyframes.size() >= 3);
        assertTrue(first.keyframes.get(0), "a new viewer's first picture is a keyframe");
        assertTrue(half.keyframes.get(0), "also at half size");
        assertEquals(List.of(true, false, false), first.keyframes.subList(0, 3), "then deltas");
        long encoded = feeds.picturesEncoded();
        assertTrue(encoded >= 6, "counted: " + encoded);

        feeds.unsubscribe(shared, first);
        assertEquals(2, feeds.feedsRunning(), "one viewer of the format is left");
        feeds.unsubscribe(shared, second);
        feeds.unsubscribe(other, half);
        assertEquals(0, feeds.feedsRunning(), "nothing left behind");
        assertTrue(feeds.picturesEncoded() >= encoded, "the count outlives the feeds");
    }

    @Test
    void aCodecThisBuildCannotEncodeIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> feeds.subscribe(new EncodedFeed.Format(VideoCodec.AV1, 500, 30, 1), new Taker()));
        assertEquals(0, feeds.feedsRunning());
    }

    /** Offers grey 320x180 pictures, as the video pipeline would, until {@code done} or 10 s. */
    private void offerUntil(java.util.function.BooleanSupplier done) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        int step = 0;
        while (!done.getAsBoolean() && System.nanoTime() < end) {
            NativeI420Buffer i420 = NativeI420Buffer.allocate(320, 180);
            for (int i = 0; i < i420.getDataY().capacity(); i++) {
                i420.getDataY().put(i, (byte) ((i + step) % 200));
            }
            VideoFrame frame = new VideoFrame(i420, System.nanoTime());
            feeds.offer(frame);
            frame.release();
            step += 7;
            Thread.sleep(20);
        }
        assertTrue(done.getAsBoolean(), "pictures came within 10 s");
    }
}
