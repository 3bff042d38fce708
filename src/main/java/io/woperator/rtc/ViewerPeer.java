package io.woperator.rtc;

import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCDataChannelBuffer;
import dev.onvoid.webrtc.RTCDataChannelObserver;
import dev.onvoid.webrtc.RTCDataChannelState;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCPeerConnectionState;
import dev.onvoid.webrtc.RTCRtpSender;
import dev.onvoid.webrtc.RTCSdpType;
import io.woperator.config.Settings;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * One viewer's PeerConnection: the server offers the screen (and the desktop's sound), the browser answers.
 * Not thread-safe: its owner calls it from one thread at a time.
 */
public final class ViewerPeer {

    private final RTCPeerConnection connection;
    private final Settings.Bitrates bitrates;
    private final RemoteCandidates remoteCandidates;
    private final RTCDataChannel input;
    private boolean closed;

    ViewerPeer(RTCPeerConnection connection, Settings.Bitrates bitrates, RTCDataChannel input, PeerEvents events) {
        this.connection = connection;
        this.bitrates = bitrates;
        this.remoteCandidates = new RemoteCandidates(connection);
        this.input = input;
        input.registerObserver(new RTCDataChannelObserver() {
            @Override
            public void onBufferedAmountChange(long previousAmount) {
                // nothing is sent in bulk
            }

            @Override
            public void onStateChange() {
                if (input.getState() == RTCDataChannelState.OPEN) {
                    events.onInputOpen();
                }
            }

            @Override
            public void onMessage(RTCDataChannelBuffer buffer) {
                if (!buffer.binary) {
                    events.onInput(StandardCharsets.UTF_8.decode(buffer.data).toString());
                }
            }
        });
    }

    /** Sends a text message on the data channel, if it is open; may be called from any thread. */
    public void sendOnDataChannel(String text) {
        try {
            if (input.getState() == RTCDataChannelState.OPEN) {
                input.send(new RTCDataChannelBuffer(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), false));
            }
        } catch (Exception e) {
            // a closing channel: the viewer is going away
        }
    }

    /** Observer that forwards libwebrtc's callbacks to {@link PeerEvents}. */
    static PeerConnectionObserver observer(PeerEvents events) {
        return new PeerConnectionObserver() {
            @Override
            public void onIceCandidate(RTCIceCandidate candidate) {
                events.onLocalCandidate(candidate);
            }

            @Override
            public void onConnectionChange(RTCPeerConnectionState state) {
                events.onConnectionState(state);
            }
        };
    }

    /** Creates the offer and sets it as the local description; completes with its SDP. */
    public CompletableFuture<String> createOffer() {
        return SessionDescriptions.createLocal(connection, RTCSdpType.OFFER);
    }

    /** Applies the browser's answer, tuned (see {@link AnswerTuning}); completes when libwebrtc accepted it. */
    public CompletableFuture<Void> applyAnswer(String sdp) {
        return SessionDescriptions.setRemote(connection, RTCSdpType.ANSWER, AnswerTuning.apply(sdp, bitrates));
    }

    /**
     * Call once {@link #applyAnswer} has completed: releases the candidates that came early.
     *
     * @return how many of them libwebrtc refused
     */
    public int remoteDescriptionApplied() {
        return remoteCandidates.release();
    }

    public void addRemoteCandidate(RTCIceCandidate candidate) throws PeerException {
        remoteCandidates.add(candidate);
    }

    /**
     * Detaches the shared tracks, then closes. webrtc-java's close() does not release the native PeerConnection,
     * so a sender left holding a track would keep it alive until the process ends.
     */
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        remoteCandidates.clear();
        input.unregisterObserver();
        input.close();
        try {
            input.dispose();
        } catch (Throwable e) { // java.lang.Error while libwebrtc still holds a reference; the channel is closed
            // nothing more to free from here
        }
        for (RTCRtpSender sender : connection.getSenders()) {
            try {
                connection.removeTrack(sender);
            } catch (RuntimeException e) {
                // the sender is already stopped; closing takes care of the rest
            }
        }
        connection.close();
    }

    /** libwebrtc turned down a description or candidate. */
    public static final class PeerException extends Exception {
        public PeerException(String message) {
            super(message);
        }
    }
}
