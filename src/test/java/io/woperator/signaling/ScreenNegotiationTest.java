package io.woperator.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onvoid.webrtc.RTCIceCandidate;
import io.woperator.config.VideoCodec;
import io.woperator.protocol.ErrorCode;
import io.woperator.protocol.ServerMessage;
import io.woperator.protocol.ViewerMessage;
import io.woperator.rtc.PeerException;
import io.woperator.rtc.SenderStats;
import io.woperator.rtc.StreamPeer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The offer/answer exchange with one viewer, driven by a peer of the test's own: no natives, no network. */
class ScreenNegotiationTest {

    private final FakePeer peer = new FakePeer();
    private final RecordingOutbox out = new RecordingOutbox();
    private final ScreenNegotiation screen = new ScreenNegotiation("v1", peer, Runnable::run, out, "203.0.113.7");

    @Test
    void theServersCandidatesWaitForTheOfferAndCarryTheNatAddress() {
        screen.offer();
        screen.localCandidate(new RTCIceCandidate("0", 0, "candidate:1 1 udp 2122260223 10.0.0.5 40000 typ host"));
        assertEquals(List.of(), out.sent, "nothing before the offer");
        peer.offer.complete("v=0 offer");
        screen.localCandidate(new RTCIceCandidate("0", 0, "candidate:2 1 udp 2122260223 10.0.0.5 40001 typ host"));
        assertEquals(3, out.sent.size());
        assertEquals(new ServerMessage.Offer("v=0 offer"), out.sent.get(0));
        ViewerMessage.Candidate first = (ViewerMessage.Candidate) out.sent.get(1);
        assertTrue(first.candidate().contains("203.0.113.7 40000"), first.candidate());
        assertTrue(((ViewerMessage.Candidate) out.sent.get(2)).candidate().contains("40001"));
        assertEquals(ScreenNegotiation.Phase.AWAITING_ANSWER, screen.phase());
    }

    @Test
    void anAnswerIsTakenOnlyWhenAnOfferWaitsForIt() throws ProtocolException {
        assertUnexpected(() -> screen.answer("v=0"));
        screen.offer();
        assertUnexpected(() -> screen.answer("v=0"));
        peer.offer.complete("v=0 offer");
        screen.answer("v=0 answer");
        assertEquals(ScreenNegotiation.Phase.APPLYING_ANSWER, screen.phase());
        assertUnexpected(() -> screen.answer("v=0 again"));
        peer.answer.complete(null);
        assertTrue(screen.answered());
        assertUnexpected(() -> screen.answer("v=0 once more"));
    }

    @Test
    void aBadAnswerIsRefusedAndAnotherMayFollow() throws ProtocolException {
        screen.offer();
        peer.offer.complete("v=0 offer");
        screen.answer("garbage");
        peer.answer.completeExceptionally(new IllegalStateException("SessionDescription is NULL"));
        assertEquals(ErrorCode.BAD_SDP, out.rejected.get(0).code());
        assertEquals(ScreenNegotiation.Phase.AWAITING_ANSWER, screen.phase());
        peer.answer = new CompletableFuture<>();
        screen.answer("v=0 answer");
        peer.refused = 2;
        peer.answer.complete(null);
        assertTrue(screen.answered());
        assertEquals(ErrorCode.BAD_CANDIDATE, out.rejected.get(1).code(), "early candidates libwebrtc refused");
    }

    @Test
    void aNewCodecIsANewOfferOnTheSameConnection() throws ProtocolException {
        screen.offer();
        peer.offer.complete("v=0 first");
        screen.answer("v=0 answer");
        peer.answer.complete(null);
        peer.offer = new CompletableFuture<>();
        screen.offer();
        assertUnexpected(() -> screen.answer("v=0 too early"));
        peer.offer.complete("v=0 second");
        assertEquals(new ServerMessage.Offer("v=0 second"), out.sent.get(out.sent.size() - 1));
        assertEquals(ScreenNegotiation.Phase.AWAITING_ANSWER, screen.phase());
        assertEquals(1, peer.offersMade - 1, "one more offer");
    }

    @Test
    void anOfferThatCannotBeMadeEndsTheSession() {
        screen.offer();
        peer.offer.completeExceptionally(new IllegalStateException("no codec"));
        assertEquals("internal", ((ServerMessage.Error) out.sent.get(0)).code());
        assertEquals(1011, out.endedWith);
    }

    @Test
    void candidatesFromTheViewer() throws ProtocolException {
        assertUnexpected(() -> screen.remoteCandidate(new ViewerMessage.Candidate("candidate:x", "0", 0, null)));
        screen.offer();
        screen.remoteCandidate(new ViewerMessage.Candidate("", "0", 0, null));
        assertEquals(0, peer.candidates.size(), "the end of gathering needs nothing");
        screen.remoteCandidate(new ViewerMessage.Candidate("candidate:y", null, 1, null));
        assertEquals("candidate:y", peer.candidates.get(0).sdp);
        assertEquals("", peer.candidates.get(0).sdpMid);
        peer.refuseCandidates = true;
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> screen.remoteCandidate(new ViewerMessage.Candidate("candidate:z", "0", 0, null)));
        assertEquals(ErrorCode.BAD_CANDIDATE, e.code());
        screen.close();
        assertTrue(peer.closed);
        screen.localCandidate(new RTCIceCandidate("0", 0, "candidate:late"));
        assertEquals(List.of(), out.sent, "nothing after closing");
    }

    private static void assertUnexpected(ThrowingRunnable action) {
        ProtocolException e = assertThrows(ProtocolException.class, action::run);
        assertEquals(ErrorCode.UNEXPECTED_MESSAGE, e.code());
    }

    private interface ThrowingRunnable {
        void run() throws ProtocolException;
    }

    static final class RecordingOutbox implements Outbox {
        final List<ServerMessage> sent = new ArrayList<>();
        final List<ProtocolException> rejected = new ArrayList<>();
        int endedWith;

        @Override
        public void sendNow(ServerMessage message) {
            sent.add(message);
        }

        @Override
        public void reject(ProtocolException problem) {
            rejected.add(problem);
        }

        @Override
        public void end(int closeCode, String reason) {
            endedWith = closeCode;
        }
    }

    static final class FakePeer implements StreamPeer {
        CompletableFuture<String> offer = new CompletableFuture<>();
        CompletableFuture<Void> answer = new CompletableFuture<>();
        final List<RTCIceCandidate> candidates = new ArrayList<>();
        int refused;
        int offersMade;
        boolean refuseCandidates;
        boolean closed;
        VideoCodec preferred;
        int[] encoding;
        boolean refuseEncoding;

        @Override
        public CompletableFuture<String> createOffer() {
            offersMade++;
            return offer;
        }

        @Override
        public CompletableFuture<Void> applyAnswer(String sdp) {
            return answer;
        }

        @Override
        public int remoteDescriptionApplied() {
            return refused;
        }

        @Override
        public void addRemoteCandidate(RTCIceCandidate candidate) throws PeerException {
            if (refuseCandidates) {
                throw new PeerException("refused");
            }
            candidates.add(candidate);
        }

        @Override
        public void preferCodec(VideoCodec codec) {
            if (codec == VideoCodec.AV1) {
                throw new IllegalStateException("this libwebrtc cannot send AV1");
            }
            preferred = codec;
        }

        @Override
        public void setEncoding(int maxKbps, int fps, double scaleDown) throws PeerException {
            if (refuseEncoding) {
                throw new PeerException("libwebrtc refused the encoding");
            }
            encoding = new int[] {maxKbps, fps, (int) scaleDown};
        }

        @Override
        public void senderStats(Consumer<SenderStats> result) {
        }

        @Override
        public void sendOnDataChannel(String text) {
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
