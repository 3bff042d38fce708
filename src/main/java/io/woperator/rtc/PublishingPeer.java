package io.woperator.rtc;

import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCRtpTransceiver;
import dev.onvoid.webrtc.RTCSdpType;
import io.woperator.platform.NativeGuard;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * A connection that publishes a stream to a WHIP endpoint: the server offers to send (picture and sound, nothing to
 * receive), with all its candidates in the offer, since WHIP answers once and trickling is optional for the endpoint.
 * Thread-safe: offering and accepting run on the publisher's thread, states arrive on libwebrtc's.
 */
public final class PublishingPeer {

    private final RTCPeerConnection connection;
    private final List<RTCRtpTransceiver> transceivers;
    private final DetachablePeerEvents events;
    private final CompletableFuture<Void> gathered;
    /** Closes the connection and frees it with what webrtc-java holds of it; counts it. */
    private final BiConsumer<RTCPeerConnection, List<RTCRtpTransceiver>> closer;
    private final NativeGuard nativeUse = new NativeGuard();

    PublishingPeer(RTCPeerConnection connection, List<RTCRtpTransceiver> transceivers, DetachablePeerEvents events,
            CompletableFuture<Void> gathered, BiConsumer<RTCPeerConnection, List<RTCRtpTransceiver>> closer) {
        this.connection = connection;
        this.transceivers = transceivers;
        this.events = events;
        this.gathered = gathered;
        this.closer = closer;
    }

    /** The offer's SDP with the candidates gathered within the timeout (host ones come at once, relayed ones later). */
    public CompletableFuture<String> offer() {
        return SessionDescriptions.createLocal(connection, RTCSdpType.OFFER)
                .thenCompose(sdp -> gathered.completeOnTimeout(null, WhepPeer.GATHERING_TIMEOUT_MILLIS,
                        TimeUnit.MILLISECONDS))
                .thenApply(done -> localDescription());
    }

    /** On libwebrtc's thread, or the one that closes: a monitor here could wait for the thread closing waits for. */
    private String localDescription() {
        if (!nativeUse.enter()) {
            throw new IllegalStateException("the publisher stopped");
        }
        try {
            return connection.getLocalDescription().sdp;
        } finally {
            nativeUse.leave();
        }
    }

    /** Applies the endpoint's answer; completes when libwebrtc accepted it. */
    public CompletableFuture<Void> accept(String answerSdp) {
        return SessionDescriptions.setRemote(connection, RTCSdpType.ANSWER, answerSdp);
    }

    public void close() {
        boolean closedNow = nativeUse.close(() -> {
            StreamTracks.detachFrom(connection);
            closer.accept(connection, transceivers);
        });
        if (closedNow) {
            events.detach();
            gathered.complete(null);
        }
    }
}
