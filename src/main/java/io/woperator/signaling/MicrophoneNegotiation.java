package io.woperator.signaling;

import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCPeerConnectionState;
import io.woperator.platform.HeldUntilOpen;
import io.woperator.protocol.ErrorCode;
import io.woperator.protocol.ServerMessage;
import io.woperator.protocol.ViewerMessage;
import io.woperator.rtc.AnsweringPeer;
import io.woperator.rtc.NatAddress;
import io.woperator.rtc.PeerEvents;
import io.woperator.rtc.PeerException;
import io.woperator.rtc.RemoteAudioOutput;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A viewer's microphone: its page offers a second connection that carries it, the server answers and sends what
 * it hears into the desktop's virtual microphone; the server's candidates wait for the answer. Every method runs on
 * the viewer's executor, and so does what follows a completed step.
 */
final class MicrophoneNegotiation {

    /** Makes the connection a microphone comes in on, its sound going to {@code output}. */
    @FunctionalInterface
    interface Peers {
        AnsweringPeer open(PeerEvents events, RemoteAudioOutput output);
    }

    private static final Logger LOG = LoggerFactory.getLogger(MicrophoneNegotiation.class);

    private final String viewerId;
    private final Executor serial;
    private final Outbox out;
    private final String natPublicIp;
    private final RemoteAudioOutput.Opener outputs;
    private final Peers peers;
    /** Our candidates, held until the answer has gone out. */
    private final HeldUntilOpen<ViewerMessage.Candidate> localCandidates;
    /** The microphone's connection while it is on, else null. */
    private AnsweringPeer peer;

    MicrophoneNegotiation(String viewerId, Executor serial, Outbox out, String natPublicIp,
            RemoteAudioOutput.Opener outputs, Peers peers) {
        this.viewerId = viewerId;
        this.serial = serial;
        this.out = out;
        this.localCandidates = new HeldUntilOpen<>(out::sendNow);
        this.natPublicIp = natPublicIp;
        this.outputs = outputs;
        this.peers = peers;
    }

    /** The viewer turned its microphone on (again): answer the connection that carries it. */
    void offer(String sdp) throws ProtocolException {
        stop();
        RemoteAudioOutput output;
        try {
            output = outputs.open(viewerId);
        } catch (Exception e) {
            throw new ProtocolException(ErrorCode.MICROPHONE_UNAVAILABLE,
                    "the desktop's virtual microphone is not available: " + e.getMessage());
        }
        Events events = new Events();
        AnsweringPeer mic;
        try {
            mic = peers.open(events, output);
        } catch (RuntimeException e) {
            output.close();
            throw new ProtocolException(ErrorCode.INTERNAL, "the server could not take the microphone: " + e.getMessage());
        }
        events.peer = mic;
        peer = mic;
        mic.answer(sdp).whenComplete((answer, error) -> serial.execute(() -> answered(mic, answer, error)));
    }

    private void answered(AnsweringPeer mic, String answer, Throwable error) {
        if (peer != mic) {
            return;
        }
        if (error != null) {
            stop();
            out.reject(new ProtocolException(ErrorCode.BAD_SDP, ScreenNegotiation.unwrap(error).getMessage()));
            return;
        }
        out.sendNow(new ServerMessage.MicrophoneAnswer(answer));
        localCandidates.open();
        int refused = mic.remoteDescriptionApplied();
        if (refused > 0) {
            out.reject(new ProtocolException(ErrorCode.BAD_CANDIDATE, refused + " ICE candidate(s) were refused"));
        }
        LOG.info("Viewer {} turned its microphone on", viewerId);
    }

    void remoteCandidate(ViewerMessage.Candidate candidate) throws ProtocolException {
        if (peer == null) {
            throw new ProtocolException(ErrorCode.UNEXPECTED_MESSAGE, "the microphone is not on");
        }
        if (candidate.candidate().isEmpty()) {
            return;
        }
        try {
            peer.addRemoteCandidate(ScreenNegotiation.iceCandidate(candidate));
        } catch (PeerException e) {
            throw new ProtocolException(ErrorCode.BAD_CANDIDATE, e.getMessage());
        }
    }

    /** The microphone is turned off, or the viewer leaves. */
    void stop() {
        if (peer != null) {
            peer.close();
            peer = null;
            localCandidates.reset();
            LOG.info("Viewer {} turned its microphone off", viewerId);
        }
    }

    /** libwebrtc's events for one microphone connection, brought onto the viewer's executor. */
    private final class Events implements PeerEvents {
        /** Set once the connection exists; events of an earlier one are ignored. */
        private volatile AnsweringPeer peer;

        @Override
        public void onLocalCandidate(RTCIceCandidate candidate) {
            serial.execute(() -> {
                if (peer == null || MicrophoneNegotiation.this.peer != peer) {
                    return;
                }
                ViewerMessage.Candidate message = new ViewerMessage.Candidate(
                        NatAddress.rewrite(candidate.sdp, natPublicIp), candidate.sdpMid, candidate.sdpMLineIndex,
                        ViewerMessage.Candidate.MICROPHONE);
                localCandidates.offer(message);
            });
        }

        @Override
        public void onConnectionState(RTCPeerConnectionState state) {
            if (state == RTCPeerConnectionState.CONNECTED) {
                serial.execute(() -> LOG.info("Viewer {}: the microphone's connection is up", viewerId));
            } else if (state == RTCPeerConnectionState.FAILED) {
                serial.execute(() -> LOG.warn("Viewer {}: the microphone's connection failed", viewerId));
            }
        }
    }
}
