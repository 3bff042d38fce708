package io.woperator.signaling;

import dev.onvoid.webrtc.RTCIceCandidate;
import io.woperator.platform.HeldUntilOpen;
import io.woperator.protocol.ErrorCode;
import io.woperator.protocol.ServerMessage;
import io.woperator.protocol.ViewerMessage;
import io.woperator.rtc.NatAddress;
import io.woperator.rtc.PeerException;
import io.woperator.rtc.StreamPeer;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stream's connection to one viewer, in its phases: the server offers; the viewer answers; candidates go both
 * ways (the server's wait until the offer is out); a new codec means a new offer on the same connection. Every
 * method runs on the viewer's executor, and so does what follows a completed step.
 */
final class ScreenNegotiation {

    /** Where the offer/answer exchange stands. */
    enum Phase { IDLE, OFFERING, AWAITING_ANSWER, APPLYING_ANSWER, ANSWERED, CLOSED }

    private static final Logger LOG = LoggerFactory.getLogger(ScreenNegotiation.class);

    private final String viewerId;
    private final StreamPeer peer;
    private final Executor serial;
    private final Outbox out;
    private final String natPublicIp;
    /** Our candidates, held until the offer has gone out. */
    private final HeldUntilOpen<ViewerMessage.Candidate> localCandidates;
    private Phase phase = Phase.IDLE;

    /** @param natPublicIp put into the server's host candidates behind a 1:1 NAT; null otherwise */
    ScreenNegotiation(String viewerId, StreamPeer peer, Executor serial, Outbox out, String natPublicIp) {
        this.viewerId = viewerId;
        this.peer = peer;
        this.serial = serial;
        this.out = out;
        this.localCandidates = new HeldUntilOpen<>(out::sendNow);
        this.natPublicIp = natPublicIp;
    }

    Phase phase() {
        return phase;
    }

    /** Whether the viewer's answer to the latest offer is in force. */
    boolean answered() {
        return phase == Phase.ANSWERED;
    }

    /** Offers the stream: first on a new connection, again when its codec changed. */
    void offer() {
        phase = Phase.OFFERING;
        peer.createOffer().whenComplete((sdp, error) -> serial.execute(() -> offerReady(sdp, error)));
    }

    private void offerReady(String sdp, Throwable error) {
        if (phase != Phase.OFFERING) {
            return;
        }
        if (error != null) {
            LOG.error("Viewer {}: could not create an offer: {}", viewerId, unwrap(error).getMessage());
            out.sendNow(new ServerMessage.Error(ErrorCode.INTERNAL, "the server could not create an offer"));
            out.end(1011, "internal error");
            return;
        }
        out.sendNow(new ServerMessage.Offer(sdp));
        phase = Phase.AWAITING_ANSWER;
        localCandidates.open();
    }

    /** A candidate libwebrtc found: sent at once, or after the offer when that has not gone out yet. */
    void localCandidate(RTCIceCandidate candidate) {
        if (phase == Phase.CLOSED) {
            return;
        }
        ViewerMessage.Candidate message = new ViewerMessage.Candidate(NatAddress.rewrite(candidate.sdp, natPublicIp),
                candidate.sdpMid, candidate.sdpMLineIndex, null);
        localCandidates.offer(message);
    }

    void answer(String sdp) throws ProtocolException {
        if (phase != Phase.AWAITING_ANSWER) {
            throw new ProtocolException(ErrorCode.UNEXPECTED_MESSAGE, "no offer is waiting for an answer");
        }
        phase = Phase.APPLYING_ANSWER;
        peer.applyAnswer(sdp).whenComplete((ok, error) -> serial.execute(() -> answerApplied(error)));
    }

    private void answerApplied(Throwable error) {
        if (phase != Phase.APPLYING_ANSWER) {
            return;
        }
        if (error != null) {
            phase = Phase.AWAITING_ANSWER;
            out.reject(new ProtocolException(ErrorCode.BAD_SDP, unwrap(error).getMessage()));
            return;
        }
        phase = Phase.ANSWERED;
        int refused = peer.remoteDescriptionApplied();
        if (refused > 0) {
            out.reject(new ProtocolException(ErrorCode.BAD_CANDIDATE, refused + " ICE candidate(s) were refused"));
        }
    }

    /** A candidate from the viewer; an empty one (the end of its gathering) needs nothing. */
    void remoteCandidate(ViewerMessage.Candidate candidate) throws ProtocolException {
        if (phase == Phase.IDLE || phase == Phase.CLOSED) {
            throw new ProtocolException(ErrorCode.UNEXPECTED_MESSAGE, "no connection to add a candidate to yet");
        }
        if (candidate.candidate().isEmpty()) {
            return;
        }
        try {
            peer.addRemoteCandidate(iceCandidate(candidate));
        } catch (PeerException e) {
            throw new ProtocolException(ErrorCode.BAD_CANDIDATE, e.getMessage());
        }
    }

    void close() {
        phase = Phase.CLOSED;
        localCandidates.reset();
        peer.close();
    }

    static RTCIceCandidate iceCandidate(ViewerMessage.Candidate candidate) {
        String mid = candidate.sdpMid() == null ? "" : candidate.sdpMid();
        int index = candidate.sdpMLineIndex() == null ? 0 : candidate.sdpMLineIndex();
        return new RTCIceCandidate(mid, index, candidate.candidate());
    }

    static Throwable unwrap(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }
}
