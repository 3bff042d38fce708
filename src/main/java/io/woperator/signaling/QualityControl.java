package io.woperator.signaling;

import io.woperator.config.VideoCodec;
import io.woperator.platform.RateLimiter;
import io.woperator.protocol.ErrorCode;
import io.woperator.protocol.ViewerMessage;
import io.woperator.rtc.PeerException;
import io.woperator.rtc.StreamPeer;
import io.woperator.session.CaptureRate;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One viewer's picture quality: codec, bitrate ceiling, frame rate and scale. Bitrate, rate and scale apply at once
 * through the sender's parameters; a new codec needs a new offer, which the caller makes. The frame rate is also
 * asked of the stream's shared capture for as long as the viewer watches.
 */
final class QualityControl {

    private static final Logger LOG = LoggerFactory.getLogger(QualityControl.class);

    private final String viewerId;
    private final CaptureRate captureRate;
    private final boolean hasVideo;
    /** A change can reopen the shared capture: a person needs a few a second at most. */
    private final RateLimiter changes = new RateLimiter(2, 5);
    private ViewerMessage.Quality quality;

    /** @param hasVideo false for a stream of sound only, whose picture cannot be changed */
    QualityControl(String viewerId, ViewerMessage.Quality initial, CaptureRate captureRate, boolean hasVideo) {
        this.viewerId = viewerId;
        this.quality = initial;
        this.captureRate = captureRate;
        this.hasVideo = hasVideo;
    }

    /** The quality in force. */
    ViewerMessage.Quality current() {
        return quality;
    }

    /** The viewer starts watching: capture runs at least at its rate from now on. */
    void joined() {
        captureRate.request(viewerId, quality.fps());
    }

    /** The viewer left: its rate no longer counts. */
    void left() {
        captureRate.release(viewerId);
    }

    /**
     * Applies what the viewer asks (absent fields stay as they are) to {@code peer}.
     *
     * @return whether the codec changed, so that a new offer is needed
     */
    boolean change(ViewerMessage.Quality asked, StreamPeer peer) throws ProtocolException {
        if (!hasVideo) {
            throw new ProtocolException(ErrorCode.INVALID_MESSAGE, "this stream has sound only: no picture to change");
        }
        if (!changes.tryAcquire()) {
            throw new ProtocolException(ErrorCode.INVALID_MESSAGE, "too many quality changes: at most 2 a second");
        }
        VideoCodec codec;
        try {
            codec = VideoCodec.parse(asked.codec() == null ? quality.codec() : asked.codec());
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(ErrorCode.INVALID_MESSAGE, e.getMessage());
        }
        String codecName = codec.name().toLowerCase(Locale.ROOT);
        boolean newCodec = !codecName.equals(quality.codec());
        if (newCodec) {
            try {
                peer.preferCodec(codec);
            } catch (IllegalStateException e) {
                throw new ProtocolException(ErrorCode.INVALID_MESSAGE, e.getMessage());
            }
        }
        ViewerMessage.Quality next = new ViewerMessage.Quality(codecName,
                asked.maxBitrateKbps() != null ? asked.maxBitrateKbps() : quality.maxBitrateKbps(),
                asked.fps() != null ? asked.fps() : quality.fps(),
                asked.scale() != null ? asked.scale() : quality.scale());
        try {
            peer.setEncoding(next.maxBitrateKbps(), next.fps(), next.scale());
        } catch (PeerException e) {
            throw new ProtocolException(ErrorCode.INTERNAL, e.getMessage());
        }
        captureRate.request(viewerId, next.fps());
        quality = next;
        LOG.info("Viewer {} quality: {} up to {} kbit/s, {} fps, 1/{} size", viewerId, codecName,
                next.maxBitrateKbps(), next.fps(), next.scale());
        return newCodec;
    }
}
