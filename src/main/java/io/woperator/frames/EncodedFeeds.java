package io.woperator.frames;

import dev.onvoid.webrtc.media.video.VideoFrame;
import io.woperator.config.VideoCodec;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One stream's {@link EncodedFeed}s, one per picture format someone takes, made at the first viewer of a format and
 * dropped after its last (a viewer changing its settings again and again leaves nothing behind): the video
 * pipeline offers each converted picture here, and only the feeds that someone takes encode it. Viewers who ask
 * for the same format share its encoder.
 */
public final class EncodedFeeds {

    private final String streamId;
    private final Map<EncodedFeed.Format, EncodedFeed> feeds = new ConcurrentHashMap<>();
    private final AtomicLong pictures = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();

    public EncodedFeeds(String streamId) {
        this.streamId = streamId;
    }

    /**
     * {@code sink} takes the pictures of {@code format} from the next keyframe on (one is made at once).
     *
     * @return the feed, to leave again with {@link #unsubscribe}
     * @throws IllegalArgumentException when this build cannot encode the format's codec ({@link #refusal})
     */
    public synchronized EncodedFeed subscribe(EncodedFeed.Format format, EncodedFeed.Sink sink) {
        String refusal = refusal(format.codec());
        if (refusal != null) {
            throw new IllegalArgumentException(refusal);
        }
        EncodedFeed feed = feeds.computeIfAbsent(format, f -> new EncodedFeed(streamId, f, pictures, bytes));
        feed.subscribe(sink);
        return feed;
    }

    /**
     * {@code sink} takes no more pictures from {@code feed} (null: nothing to do); a feed no one takes any more stops
     * and goes.
     */
    public synchronized void unsubscribe(EncodedFeed feed, EncodedFeed.Sink sink) {
        if (feed == null) {
            return;
        }
        feed.unsubscribe(sink);
        if (!feed.wanted()) {
            feeds.remove(feed.format(), feed);
        }
    }

    /** Why pictures in {@code codec} cannot be had here, or null when they can. */
    public static String refusal(VideoCodec codec) {
        return FrameEncoder.canEncode(codec) ? null
                : codec + " pictures cannot be encoded outside RTP here (FFmpeg's VP8, VP9 and H.264 encoders only)";
    }

    /** Called by the video pipeline with each picture it converted, before releasing it. */
    public void offer(VideoFrame frame) {
        for (EncodedFeed feed : feeds.values()) {
            if (feed.wanted()) {
                feed.offer(frame);
            }
        }
    }

    /** Pictures encoded since the server started, all formats together, and their bytes. */
    public long picturesEncoded() {
        return pictures.get();
    }

    public long bytesEncoded() {
        return bytes.get();
    }

    /** How many formats are being encoded now. */
    public int feedsRunning() {
        return feeds.size();
    }
}
