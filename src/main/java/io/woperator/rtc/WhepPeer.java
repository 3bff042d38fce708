package io.woperator.rtc;

import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCRtpCodecCapability;
import dev.onvoid.webrtc.RTCRtpEncodingParameters;
import dev.onvoid.webrtc.RTCRtpSendParameters;
import dev.onvoid.webrtc.RTCRtpSender;
import dev.onvoid.webrtc.RTCRtpTransceiver;
import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.internal.NativeObject;
import io.woperator.config.Settings;
import io.woperator.platform.NativeGuard;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * A connection that sends a stream to a WHEP player: the player offers to receive, the server adds the stream's
 * picture and sound to the transceivers of that offer and answers, with its own candidates in the answer (WHEP
 * gives the server no way to trickle them later). Thread-safe: the answer runs on libwebrtc's signaling thread,
 * candidates and closing on the HTTP server's, any of them at once; closing frees the native objects once the calls
 * under way have ended, and a call after that is not made.
 */
public final class WhepPeer implements AnsweringPeer {

    /** How long the answer waits for the server's candidates: host ones come at once, STUN and TURN ones later. */
    static final long GATHERING_TIMEOUT_MILLIS = 3000;

    /** What the stream sends, and how. */
    record Sending(StreamTracks tracks, String streamId, Settings.Bitrates bitrates, int fps, double scaleDown,
            List<RTCRtpCodecCapability> videoCodecs) {
    }

    private final RTCPeerConnection connection;
    private final Sending sending;
    private final RemoteCandidates remoteCandidates;
    private final DetachablePeerEvents events;
    private final CompletableFuture<Void> gathered;
    /** Closes the connection and frees it with what webrtc-java holds of it; counts it. */
    private final BiConsumer<RTCPeerConnection, List<NativeObject>> closer;
    /** The senders addTrack made: webrtc-java keeps a reference to each. */
    private final List<NativeObject> senders = new ArrayList<>(2);
    private RTCRtpSender videoSender;
    private final NativeGuard nativeUse = new NativeGuard();

    WhepPeer(RTCPeerConnection connection, Sending sending, DetachablePeerEvents events,
            CompletableFuture<Void> gathered, BiConsumer<RTCPeerConnection, List<NativeObject>> closer) {
        this.connection = connection;
        this.sending = sending;
        this.events = events;
        this.gathered = gathered;
        this.closer = closer;
        this.remoteCandidates = new RemoteCandidates(connection, nativeUse);
    }

    /**
     * Applies the player's offer, sends the stream on the transceivers it offered, and answers; completes with the
     * answer's SDP, candidates included, or exceptionally with libwebrtc's reason for refusing the offer.
     */
    @Override
    public CompletableFuture<String> answer(String offerSdp) {
        OfferedMedia offered = OfferedMedia.of(offerSdp);
        return SessionDescriptions.setRemote(connection, RTCSdpType.OFFER, AnswerTuning.apply(offerSdp,
                        sending.bitrates()))
                .thenCompose(ok -> whileOpen(() -> {
                    send(offered);
                    return SessionDescriptions.createLocal(connection, RTCSdpType.ANSWER);
                }))
                .thenCompose(answer -> whileOpen(() -> {
                    limitVideoEncoding();
                    return gathered.completeOnTimeout(null, GATHERING_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
                }))
                .thenApply(done -> whileOpen(() -> connection.getLocalDescription().sdp));
    }

    /** Runs a step of the answer on the native objects, unless the player went away and they are being freed. */
    private <T> T whileOpen(Supplier<T> step) {
        if (!nativeUse.enter()) {
            throw new IllegalStateException("the player went away");
        }
        try {
            return step.get();
        } finally {
            nativeUse.leave();
        }
    }

    private void send(OfferedMedia offered) {
        StreamTracks tracks = sending.tracks();
        if (offered.videoMid() != null && tracks.videoTrack() != null) {
            videoSender = connection.addTrack(tracks.videoTrack(), List.of(sending.streamId()));
            senders.add(videoSender);
            for (RTCRtpTransceiver transceiver : connection.getTransceivers()) {
                if (offered.videoMid().equals(transceiver.getMid())) {
                    preferCodecs(transceiver);
                }
            }
        }
        if (offered.audioMid() != null && tracks.audioTrack() != null) {
            senders.add(connection.addTrack(tracks.audioTrack(), List.of(sending.streamId())));
        }
        if (senders.isEmpty()) {
            throw new IllegalArgumentException("the offer receives neither of what this stream sends ("
                    + (tracks.videoTrack() != null ? "video" : "") + (tracks.videoTrack() != null
                    && tracks.audioTrack() != null ? " and " : "") + (tracks.audioTrack() != null ? "audio" : "")
                    + ")");
        }
    }

    private void preferCodecs(RTCRtpTransceiver transceiver) {
        try {
            transceiver.setCodecPreferences(sending.videoCodecs());
        } catch (RuntimeException e) {
            // the player's own order stands: it offered what it decodes
        }
    }

    /** The encoder's bounds, as for the viewer's own connections: bitrate, frame rate, size. */
    private void limitVideoEncoding() {
        if (videoSender == null) {
            return;
        }
        RTCRtpSendParameters parameters = videoSender.getParameters();
        if (parameters.encodings == null) {
            return;
        }
        for (RTCRtpEncodingParameters encoding : parameters.encodings) {
            encoding.maxBitrate = sending.bitrates().maxKbps() * 1000;
            encoding.minBitrate = sending.bitrates().minKbps() * 1000;
            encoding.maxFramerate = (double) sending.fps();
            encoding.scaleResolutionDownBy = sending.scaleDown();
        }
        videoSender.setParameters(parameters);
    }

    @Override
    public synchronized int remoteDescriptionApplied() {
        return remoteCandidates.release();
    }

    @Override
    public synchronized void addRemoteCandidate(RTCIceCandidate candidate) throws PeerException {
        if (!remoteCandidates.add(candidate)) {
            throw new PeerException("the player went away");
        }
    }

    @Override
    public void close() {
        if (nativeUse.close(() -> {
            remoteCandidates.clear();
            StreamTracks.detachFrom(connection);
            closer.accept(connection, List.copyOf(senders));
        })) {
            events.detach();
            gathered.complete(null);
        }
    }

    /**
     * What a player's offer asks for, read once: the mid of its first video and first audio section (the ones the
     * stream fills), every section's mid in order (a trickled candidate names one), and its ICE user fragment (a
     * trickle with another asks for an ICE restart).
     */
    public record OfferedMedia(String videoMid, String audioMid, List<String> mids, String ufrag) {
        public static OfferedMedia of(String sdp) {
            String kind = null;
            String video = null;
            String audio = null;
            String ufrag = null;
            List<String> mids = new ArrayList<>();
            for (String line : sdp.split("\r?\n")) {
                if (line.startsWith("m=")) {
                    kind = line.substring(2, Math.max(2, line.indexOf(' ')));
                } else if (line.startsWith("a=ice-ufrag:") && ufrag == null) {
                    ufrag = line.substring("a=ice-ufrag:".length()).strip();
                } else if (line.startsWith("a=mid:") && kind != null) {
                    String mid = line.substring("a=mid:".length()).strip();
                    mids.add(mid);
                    if (kind.equals("video") && video == null) {
                        video = mid;
                    } else if (kind.equals("audio") && audio == null) {
                        audio = mid;
                    }
                }
            }
            return new OfferedMedia(video, audio, List.copyOf(mids), ufrag);
        }

        /** Whether the offer has a section to send video or sound on. */
        public boolean any() {
            return videoMid != null || audioMid != null;
        }
    }
}
