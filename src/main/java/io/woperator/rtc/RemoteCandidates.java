package io.woperator.rtc;

import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCPeerConnection;
import io.woperator.platform.NativeGuard;
import java.util.ArrayList;
import java.util.List;

/**
 * Remote ICE candidates for one PeerConnection: held back until its remote description is set, since libwebrtc
 * refuses them before that, then added in order, unless the connection's {@link NativeGuard} is closing (a late
 * candidate may come on another thread as the connection closes). Not thread-safe: its owner calls it from one
 * thread at a time.
 */
final class RemoteCandidates {
    private final RTCPeerConnection connection;
    private final NativeGuard nativeUse;
    private final List<RTCIceCandidate> early = new ArrayList<>();
    private boolean ready;

    RemoteCandidates(RTCPeerConnection connection, NativeGuard nativeUse) {
        this.connection = connection;
        this.nativeUse = nativeUse;
    }

    /** False when the connection is closing or closed, and the candidate is of no use. */
    boolean add(RTCIceCandidate candidate) throws PeerException {
        if (!nativeUse.enter()) {
            return false;
        }
        try {
            if (ready) {
                addNow(candidate);
            } else {
                early.add(candidate);
            }
            return true;
        } finally {
            nativeUse.leave();
        }
    }

    /** The remote description is set: adds what waited; returns how many of those libwebrtc refused. */
    int release() {
        if (!nativeUse.enter()) {
            return 0;
        }
        try {
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
        } finally {
            nativeUse.leave();
        }
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
