package io.woperator.rtc;

import dev.onvoid.webrtc.CreateSessionDescriptionObserver;
import dev.onvoid.webrtc.RTCAnswerOptions;
import dev.onvoid.webrtc.RTCOfferOptions;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.SetSessionDescriptionObserver;
import java.util.concurrent.CompletableFuture;

/** libwebrtc's callback-style description calls as futures, with its thrown Errors turned into failures. */
final class SessionDescriptions {
    private SessionDescriptions() {
    }

    /** Creates an offer or answer and sets it as the local description; completes with its SDP. */
    static CompletableFuture<String> createLocal(RTCPeerConnection connection, RTCSdpType type) {
        CompletableFuture<String> result = new CompletableFuture<>();
        CreateSessionDescriptionObserver created = new CreateSessionDescriptionObserver() {
            @Override
            public void onSuccess(RTCSessionDescription description) {
                connection.setLocalDescription(description, new SetSessionDescriptionObserver() {
                    @Override
                    public void onSuccess() {
                        result.complete(description.sdp);
                    }

                    @Override
                    public void onFailure(String error) {
                        result.completeExceptionally(new PeerException("could not set the local "
                                + type.name().toLowerCase() + ": " + error));
                    }
                });
            }

            @Override
            public void onFailure(String error) {
                result.completeExceptionally(new PeerException("could not create an "
                        + type.name().toLowerCase() + ": " + error));
            }
        };
        if (type == RTCSdpType.OFFER) {
            connection.createOffer(new RTCOfferOptions(), created);
        } else {
            connection.createAnswer(new RTCAnswerOptions(), created);
        }
        return result;
    }

    /** Sets the remote description; completes when libwebrtc accepted it. */
    static CompletableFuture<Void> setRemote(RTCPeerConnection connection, RTCSdpType type, String sdp) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        try {
            connection.setRemoteDescription(new RTCSessionDescription(type, sdp), new SetSessionDescriptionObserver() {
                @Override
                public void onSuccess() {
                    result.complete(null);
                }

                @Override
                public void onFailure(String error) {
                    result.completeExceptionally(new PeerException("the "
                            + type.name().toLowerCase() + " was refused: " + error));
                }
            });
        } catch (RuntimeException | Error e) { // webrtc-java throws java.lang.Error for SDP it cannot parse
            result.completeExceptionally(new PeerException("the " + type.name().toLowerCase()
                    + " is not valid SDP: " + e.getMessage()));
        }
        return result;
    }
}
