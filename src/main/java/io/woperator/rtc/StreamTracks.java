package io.woperator.rtc;

import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCRtpSender;
import dev.onvoid.webrtc.media.SyncClock;
import dev.onvoid.webrtc.media.audio.AudioTrack;
import dev.onvoid.webrtc.media.audio.CustomAudioSource;
import dev.onvoid.webrtc.media.video.CustomVideoSource;
import dev.onvoid.webrtc.media.video.VideoTrack;
import io.woperator.config.Encoding;
import io.woperator.frames.EncodedFeeds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One stream's tracks, shared by all its viewers' peers: the picture (fed by the stream's video pipeline) unless
 * the stream is sound only, and the audio when it has sound, both stamped by one clock so they stay in sync.
 * Closed after the last peer that sends them.
 */
public final class StreamTracks implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StreamTracks.class);

    private final Encoding encoding;
    private final SyncClock clock;
    private final CustomVideoSource videoSource;
    private final VideoTrack videoTrack;
    private final CustomAudioSource audioSource;
    private final AudioTrack audioTrack;
    private final EncodedFeeds encodedFeeds;
    private boolean closed;

    StreamTracks(Encoding encoding, SyncClock clock, CustomVideoSource videoSource, VideoTrack videoTrack,
            CustomAudioSource audioSource, AudioTrack audioTrack, EncodedFeeds encodedFeeds) {
        this.encoding = encoding;
        this.encodedFeeds = encodedFeeds;
        this.clock = clock;
        this.videoSource = videoSource;
        this.videoTrack = videoTrack;
        this.audioSource = audioSource;
        this.audioTrack = audioTrack;
    }

    /** How the picture is encoded, on every path. */
    public Encoding encoding() {
        return encoding;
    }

    /** Where the video pipeline pushes frames, or null for a stream of sound only. */
    public CustomVideoSource videoSource() {
        return videoSource;
    }

    /**
     * The picture encoded by our own encoders, for viewers who take it outside RTP (the video pipeline offers each
     * picture here too), or null for a stream of sound only.
     */
    public EncodedFeeds encodedFeeds() {
        return encodedFeeds;
    }

    /** Where the audio pipeline pushes sound, or null for a silent stream. */
    public CustomAudioSource audioSource() {
        return audioSource;
    }

    VideoTrack videoTrack() {
        return videoTrack;
    }

    AudioTrack audioTrack() {
        return audioTrack;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (videoTrack != null) {
            dispose("video track", videoTrack::dispose);
            dispose("video source", videoSource::dispose);
        }
        if (audioTrack != null) {
            dispose("audio track", audioTrack::dispose);
            dispose("audio source", audioSource::dispose);
        }
        dispose("clock", clock::dispose);
    }

    /**
     * Takes the stream's tracks off every sender of a connection that is closing: a sender left holding a track
     * would keep it (and its source) referenced after the peer is gone.
     */
    static void detachFrom(RTCPeerConnection connection) {
        for (RTCRtpSender sender : connection.getSenders()) {
            try {
                connection.removeTrack(sender);
            } catch (RuntimeException e) {
                // the sender is already stopped; closing takes care of the rest
            }
        }
    }

    /** Disposes one native object; a failure is logged and does not stop the others from being freed. */
    static void dispose(String what, Runnable disposer) {
        try {
            disposer.run();
        } catch (Throwable e) { // webrtc-java reports a still-referenced object with java.lang.Error
            LOG.warn("Could not dispose the {}: {}", what, e.getMessage());
        }
    }
}
