package io.woperator.rtc;

import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCPeerConnectionState;

/** What a viewer's peer connection reports; called on libwebrtc's threads, so implementations must not block. */
public interface PeerEvents {

    void onLocalCandidate(RTCIceCandidate candidate);

    void onConnectionState(RTCPeerConnectionState state);

    /** A text message on the viewer's data channel (its input). */
    default void onInput(String text) {
    }

    /** The data channel is open: messages to the viewer can go out now. */
    default void onInputOpen() {
    }
}
