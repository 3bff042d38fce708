package io.woperator.rtc;

import dev.onvoid.webrtc.CreateSessionDescriptionObserver;
import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCAnswerOptions;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCOfferOptions;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCPeerConnectionState;
import dev.onvoid.webrtc.RTCRtpSender;
import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.SetSessionDescriptionObserver;
import io.woperator.config.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One viewer's PeerConnection: the server offers the screen's video track, the browser answers. Remote ICE
 * candidates that arrive before the answer is applied are held back until it is, as libwebrtc rejects them earlier.
 * Not thread-safe: its owner calls it from one thread at a time.
 */
public final class ViewerPeer {

    private final RTCPeerConnection connection;
    private final Settings.Bitrates bitrates;
    private final List<RTCIceCandidate> earlyCandidates = new ArrayList<>();
    private boolean remoteDescriptionSet;
    private boolean closed;

    ViewerPeer(RTCPeerConnection connection, Settings.Bitrates bitrates) {
        this.connection = connection;
        this.bitrates = bitrates;
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
        CompletableFuture<String> result = new CompletableFuture<>();
        connection.createOffer(new RTCOfferOptions(), new CreateSessionDescriptionObserver() {
            @Override
            public void onSuccess(RTCSessionDescription description) {
                connection.setLocalDescription(description, new SetSessionDescriptionObserver() {
                    @Override
                    public void onSuccess() {
                        result.complete(description.sdp);
                    }

                    @Override
                    public void onFailure(String error) {
                        result.completeExceptionally(new PeerException("could not set the local offer: " + error));
                    }
                });
            }

            @Override
            public void onFailure(String error) {
                result.completeExceptionally(new PeerException("could not create an offer: " + error));
            }
        });
        return result;
    }

    /** Applies the browser's answer (with start-bitrate hints added); completes when libwebrtc accepted it. */
    public CompletableFuture<Void> applyAnswer(String sdp) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        RTCSessionDescription answer = new RTCSessionDescription(RTCSdpType.ANSWER, SdpBitrateHints.apply(sdp, bitrates));
        try {
            connection.setRemoteDescription(answer, new SetSessionDescriptionObserver() {
                @Override
                public void onSuccess() {
                    result.complete(null);
                }

                @Override
                public void onFailure(String error) {
                    result.completeExceptionally(new PeerException("the answer was refused: " + error));
                }
            });
        } catch (RuntimeException | Error e) { // webrtc-java throws java.lang.Error for SDP it cannot parse
            result.completeExceptionally(new PeerException("the answer is not valid SDP: " + e.getMessage()));
        }
        return result;
    }

    /**
     * Call once {@link #applyAnswer} has completed: releases the candidates that came early.
     *
     * @return how many of them libwebrtc refused
     */
    public int remoteDescriptionApplied() {
        remoteDescriptionSet = true;
        int refused = 0;
        for (RTCIceCandidate candidate : earlyCandidates) {
            try {
                addNow(candidate);
            } catch (PeerException e) {
                refused++;
            }
        }
        earlyCandidates.clear();
        return refused;
    }

    public void addRemoteCandidate(RTCIceCandidate candidate) throws PeerException {
        if (remoteDescriptionSet) {
            addNow(candidate);
        } else {
            earlyCandidates.add(candidate);
        }
    }

    private void addNow(RTCIceCandidate candidate) throws PeerException {
        try {
            connection.addIceCandidate(candidate);
        } catch (RuntimeException | Error e) { // java.lang.Error for a candidate line it cannot parse
            throw new PeerException("the ICE candidate was refused: " + e.getMessage());
        }
    }

    /**
     * Detaches the shared track, then closes. webrtc-java's close() does not release the native PeerConnection,
     * so a sender left holding the track would keep it alive until the process ends.
     */
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        earlyCandidates.clear();
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
