package io.woperator.rtc;

import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCPeerConnectionState;
import dev.onvoid.webrtc.RTCRtpTransceiver;
import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.media.audio.AudioTrack;
import dev.onvoid.webrtc.media.audio.AudioTrackSink;
import io.woperator.platform.NativeGuard;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The PeerConnection a viewer's microphone comes in on, while it is on: the browser offers its track, the server
 * answers, and the decoded sound goes to a {@link RemoteAudioOutput}. Not thread-safe, like {@link ViewerPeer}.
 */
public final class MicrophonePeer implements AnsweringPeer {

    private final RTCPeerConnection connection;
    /** Closes the connection and frees its native object. */
    private final Consumer<RTCPeerConnection> closer;
    private final RemoteAudioOutput output;
    private final RemoteCandidates remoteCandidates;
    /** Set on libwebrtc's signaling thread when the track arrives, read when closing. */
    private final AtomicReference<Attached> attached;
    /** What the native side calls back, cut loose on closing (see {@link DetachablePeerEvents}). */
    private final DetachablePeerEvents events;
    private final NativeGuard nativeUse = new NativeGuard();

    private record Attached(AudioTrack track, AudioTrackSink sink) {
    }

    private MicrophonePeer(RTCPeerConnection connection, Consumer<RTCPeerConnection> closer, RemoteAudioOutput output,
            AtomicReference<Attached> attached, DetachablePeerEvents events) {
        this.connection = connection;
        this.closer = closer;
        this.output = output;
        this.attached = attached;
        this.events = events;
        this.remoteCandidates = new RemoteCandidates(connection, nativeUse);
    }

    static MicrophonePeer create(MicrophoneConnector connector, Consumer<RTCPeerConnection> closer,
            PeerEvents listener, RemoteAudioOutput output) {
        AtomicReference<Attached> attached = new AtomicReference<>();
        DetachablePeerEvents events = new DetachablePeerEvents(listener);
        PeerConnectionObserver observer = new PeerConnectionObserver() {
            @Override
            public void onIceCandidate(RTCIceCandidate candidate) {
                events.onLocalCandidate(candidate);
            }

            @Override
            public void onConnectionChange(RTCPeerConnectionState state) {
                events.onConnectionState(state);
            }

            @Override
            public void onTrack(RTCRtpTransceiver transceiver) {
                if (transceiver.getReceiver().getTrack() instanceof AudioTrack track && attached.get() == null) {
                    AudioTrackSink sink = (data, bitsPerSample, sampleRate, channels, frames) -> {
                        if (bitsPerSample == 16) {
                            output.write(data, sampleRate, channels, frames);
                        }
                    };
                    track.addSink(sink);
                    attached.set(new Attached(track, sink));
                }
            }
        };
        return new MicrophonePeer(connector.connect(observer), closer, output, attached, events);
    }

    /** Applies the browser's offer and answers it; completes with the answer's SDP. */
    @Override
    public CompletableFuture<String> answer(String offerSdp) {
        return SessionDescriptions.setRemote(connection, RTCSdpType.OFFER, offerSdp)
                .thenCompose(ok -> SessionDescriptions.createLocal(connection, RTCSdpType.ANSWER));
    }

    /** Call once {@link #answer} has completed; returns how many early candidates libwebrtc refused. */
    @Override
    public int remoteDescriptionApplied() {
        return remoteCandidates.release();
    }

    @Override
    public void addRemoteCandidate(RTCIceCandidate candidate) throws PeerException {
        remoteCandidates.add(candidate);
    }

    @Override
    public void close() {
        boolean closedNow = nativeUse.close(() -> {
            remoteCandidates.clear();
            Attached a = attached.getAndSet(null);
            if (a != null) {
                a.track().removeSink(a.sink());
            }
            closer.accept(connection);
        });
        if (closedNow) {
            events.detach();
            output.close();
        }
    }

    /** Makes the PeerConnection on the factory that can play received sound. */
    @FunctionalInterface
    interface MicrophoneConnector {
        RTCPeerConnection connect(PeerConnectionObserver observer);
    }
}
