package io.woperator.stream;

import io.woperator.protocol.IceServer;
import io.woperator.rtc.PeerEvents;
import io.woperator.rtc.RtcEngine;
import io.woperator.rtc.StreamPeer;
import java.util.List;

/**
 * How a viewer's picture reaches it: a peer connection of its own on the stream's tracks, or one that a relay (a
 * Janus fan-out) serves. Chosen once at start-up; a viewer's session asks this, never which it is.
 */
public interface ViewerPeers {

    /** What a viewer hears of a relay between it and the stream; nothing is heard without one. */
    interface Relay {
        /** The stream is not at the relay now (being published, or the relay is away): the viewer waits. */
        void waiting(String reason);

        /** The viewer's subscription went away with the relay: it should start over. */
        void lost(String reason);
    }

    /** The viewer's peer connection for the stream. */
    StreamPeer connect(Stream stream, String viewerId, List<IceServer> iceServers, PeerEvents events, Relay relay);

    /** The relay a viewer of this stream is served through, as the viewer is told ("janus"), or null for none. */
    String relayFor(Stream stream);

    /** Each viewer's own peer connection on the stream's tracks. */
    static ViewerPeers direct(RtcEngine rtc) {
        return new ViewerPeers() {
            @Override
            public StreamPeer connect(Stream stream, String viewerId, List<IceServer> iceServers, PeerEvents events,
                    Relay relay) {
                return rtc.createPeer(stream.tracks(), events, iceServers);
            }

            @Override
            public String relayFor(Stream stream) {
                return null;
            }
        };
    }
}
