package io.woperator.rtc;

import dev.onvoid.webrtc.RTCIceCandidate;
import io.woperator.config.VideoCodec;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A connection that sends a stream to one viewer, as the negotiations see it: the server offers, the viewer
 * answers. {@link ViewerPeer} is the real one; tests drive the negotiations with their own.
 */
public interface StreamPeer {

    /** Creates the offer and sets it as the local description; completes with its SDP. */
    CompletableFuture<String> createOffer();

    /** Applies the viewer's answer; completes when libwebrtc accepted it. */
    CompletableFuture<Void> applyAnswer(String sdp);

    /** Call once {@link #applyAnswer} has completed: releases the candidates that came early; returns how many were refused. */
    int remoteDescriptionApplied();

    void addRemoteCandidate(RTCIceCandidate candidate) throws PeerException;

    /** Offers {@code codec} first from the next offer on; throws IllegalStateException when it cannot be sent. */
    void preferCodec(VideoCodec codec);

    /** Changes the running video encoding at once: bitrate ceiling, frame rate, how much smaller than the screen. */
    void setEncoding(int maxKbps, int fps, double scaleDown) throws PeerException;

    /** Reads what the video encoder is doing now; {@code result} may be called on another thread. */
    void senderStats(Consumer<SenderStats> result);

    /** Whether the viewer's input and the desktop's news travel on this connection's data channel (else the socket). */
    default boolean hasDataChannel() {
        return true;
    }

    void sendOnDataChannel(String text);

    void close();
}
