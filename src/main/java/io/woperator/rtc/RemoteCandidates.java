package io.woperator.rtc;

import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCPeerConnection;
import java.util.ArrayList;
import java.util.List;

/**
 * Remote ICE candidates for one PeerConnection: held back until its remote description is set, since libwebrtc
 * refuses them before that, then added in order. Not thread-safe: its owner calls it from one thread at a time.
 */
final class RemoteCandidates {
    private final RTCPeerConnection connection;
    private final List<RTCIceCandidate> early = new ArrayList<>();
    private boolean ready;

    RemoteCandidates(RTCPeerConnection connection) {
        this.connection = connection;
    }

    void add(RTCIceCandidate candidate) throws PeerException {
        if (ready) {
            addNow(candidate);
        } else {
            early.add(candidate);
        }
    }

    /** The remote description is set: adds what waited; returns how many of those libwebrtc refused. */
    int release() {
        ready = true;
        int refused = 0;
        for (RTCIceCandidate candidate : early) {
            try {
                addNow(candidate);
            } catch (PeerException e) {
                refused++;
            }
        }
        early.clear();
        return refused;
    }

    void clear() {
        early.clear();
    }

    private void addNow(RTCIceCandidate candidate) throws PeerException {
        try {
            connection.addIceCandidate(candidate);
        } catch (RuntimeException | Error e) { // java.lang.Error for a candidate line it cannot parse
            throw new PeerException("the ICE candidate was refused: " + e.getMessage());
        }
    }
}
