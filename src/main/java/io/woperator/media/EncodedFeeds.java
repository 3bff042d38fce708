package io.woperator.media;

import dev.onvoid.webrtc.media.video.VideoFrame;
import io.woperator.config.VideoCodec;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One stream's {@link EncodedFeed}s, one per codec asked for, made at the first ask: the video pipeline offers
 * each converted picture here, and only the feeds that someone takes encode it.
 */
public final class EncodedFeeds {

    private final String streamId;
    private final int kbps;
    private final int fps;
    private final Map<VideoCodec, EncodedFeed> feeds = new ConcurrentHashMap<>();

    /**
     * @param kbps the bitrate each feed aims at
     * @param fps  the stream's most pictures a second
     */
    public EncodedFeeds(String streamId, int kbps, int fps) {
        this.streamId = streamId;
        this.kbps = kbps;
        this.fps = fps;
    }

    /**
     * The feed of {@code codec}.
     *
     * @throws IllegalArgumentException when this build cannot encode it
     */
    public EncodedFeed feed(VideoCodec codec) {
        if (!FrameEncoder.canEncode(codec)) {
            throw new IllegalArgumentException(codec + " pictures cannot be encoded outside RTP here "
                    + "(FFmpeg's VP8, VP9 and H.264 encoders only)");
        }
        return feeds.computeIfAbsent(codec, c -> new EncodedFeed(streamId, c, kbps, fps));
    }

    /** Called by the video pipeline with each picture it converted, before releasing it. */
    public void offer(VideoFrame frame) {
        for (EncodedFeed feed : feeds.values()) {
            if (feed.wanted()) {
                feed.offer(frame);
            }
        }
    }

    /** Pictures encoded and their bytes, all codecs together. */
    public long picturesEncoded() {
        return feeds.values().stream().mapToLong(EncodedFeed::picturesEncoded).sum();
    }

    public long bytesEncoded() {
        return feeds.values().stream().mapToLong(EncodedFeed::bytesEncoded).sum();
    }
}
