package io.woperator.rtc;

import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCPeerConnectionState;

/**
 * libwebrtc's callbacks for one peer, passed on until the peer closes and then to no one: a callback already on its
 * way when the peer closes reaches nothing, and an observer webrtc-java keeps after it is unregistered (the data
 * channel's) no longer keeps the viewer's whole session reachable with it.
 */
final class DetachablePeerEvents implements PeerEvents {

    private volatile PeerEvents target;

    DetachablePeerEvents(PeerEvents target) {
        this.target = target;
    }

    void detach() {
        target = null;
    }

    @Override
    public void onLocalCandidate(RTCIceCandidate candidate) {
        PeerEvents events = target;
        if (events != null) {
            events.onLocalCandidate(candidate);
        }
    }

    @Override
    public void onConnectionState(RTCPeerConnectionState state) {
        PeerEvents events = target;
        if (events != null) {
            events.onConnectionState(state);
        }
    }

    @Override
    public void onInput(String text) {
        PeerEvents events = target;
        if (events != null) {
            events.onInput(text);
        }
    }

    @Override
    public void onInputOpen() {
        PeerEvents events = target;
        if (events != null) {
            events.onInputOpen();
        }
    }
}
