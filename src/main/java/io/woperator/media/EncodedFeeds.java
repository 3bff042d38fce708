package io.woperator.media;

import dev.onvoid.webrtc.media.video.VideoFrame;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One stream's {@link EncodedFeed}s, one per picture format asked for, made at the first ask: the video pipeline
 * offers each converted picture here, and only the feeds that someone takes encode it. Viewers who ask for the same
 * format share its encoder.
 */
public final class EncodedFeeds {

    private final String streamId;
    private final Map<EncodedFeed.Format, EncodedFeed> feeds = new ConcurrentHashMap<>();

    public EncodedFeeds(String streamId) {
        this.streamId = streamId;
    }

    /**
     * The feed of {@code format}.
     *
     * @throws IllegalArgumentException when this build cannot encode its codec
     */
    public EncodedFeed feed(EncodedFeed.Format format) {
        if (!FrameEncoder.canEncode(format.codec())) {
            throw new IllegalArgumentException(format.codec() + " pictures cannot be encoded outside RTP here "
                    + "(FFmpeg's VP8, VP9 and H.264 encoders only)");
        }
        return feeds.computeIfAbsent(format, f -> new EncodedFeed(streamId, f));
    }

    /** Called by the video pipeline with each picture it converted, before releasing it. */
    public void offer(VideoFrame frame) {
        for (EncodedFeed feed : feeds.values()) {
            if (feed.wanted()) {
                feed.offer(frame);
            }
        }
    }

    /** Pictures encoded and their bytes, all formats together. */
    public long picturesEncoded() {
        return feeds.values().stream().mapToLong(EncodedFeed::picturesEncoded).sum();
    }

    public long bytesEncoded() {
        return feeds.values().stream().mapToLong(EncodedFeed::bytesEncoded).sum();
    }
}
