package io.woperator.rtc;

import dev.onvoid.webrtc.RTCIceCandidate;
import java.util.concurrent.CompletableFuture;

/**
 * A connection the viewer offers and the server answers (its microphone), as the negotiation sees it.
 * {@link MicrophonePeer} is the real one.
 */
public interface AnsweringPeer {

    /** Applies the viewer's offer and answers it; completes with the answer's SDP. */
    CompletableFuture<String> answer(String offerSdp);

    /** Call once {@link #answer} has completed; returns how many early candidates libwebrtc refused. */
    int remoteDescriptionApplied();

    void addRemoteCandidate(RTCIceCandidate candidate) throws PeerException;

    void close();
}
