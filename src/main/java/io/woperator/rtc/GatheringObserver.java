package io.woperator.rtc;

import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCIceGatheringState;
import dev.onvoid.webrtc.RTCPeerConnectionState;
import java.util.concurrent.CompletableFuture;

/**
 * What libwebrtc calls back for a peer whose candidates travel inside its description (WHEP's answer, WHIP's
 * offer): the connection's state to the events, the end of gathering to {@code gathered}.
 */
final class GatheringObserver {

    private GatheringObserver() {
    }

    static PeerConnectionObserver of(PeerEvents events, CompletableFuture<Void> gathered) {
        return new PeerConnectionObserver() {
            @Override
            public void onIceCandidate(RTCIceCandidate candidate) {
                // it goes into the local description, which is read once gathering is over
            }

            @Override
            public void onIceGatheringChange(RTCIceGatheringState state) {
                if (state == RTCIceGatheringState.COMPLETE) {
                    gathered.complete(null);
                }
            }

            @Override
            public void onConnectionChange(RTCPeerConnectionState state) {
                events.onConnectionState(state);
            }
        };
    }
}
