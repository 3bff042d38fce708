package io.woperator.whep;

import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCPeerConnectionState;
import io.woperator.rtc.PeerEvents;
import io.woperator.rtc.PeerException;
import io.woperator.rtc.WhepPeer;
import io.woperator.session.WatchOnlyViewer;
import io.woperator.session.ViewerRegistry;
import io.woperator.stream.Stream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WHEP player watching a stream: a viewer that only watches (no control, no messages: it has no signaling
 * channel), with a peer the player offered. It ends when the player DELETEs it, when its connection fails or never
 * comes up, or when the stream lets its viewers go.
 */
final class WhepSession implements WatchOnlyViewer, PeerEvents {

    private static final Logger LOG = LoggerFactory.getLogger(WhepSession.class);

    private final String id;
    private final String resource;
    private final Stream stream;
    private final WhepPeer.OfferedMedia offered;
    /** Made once the stream let the viewer in. */
    private volatile WhepPeer peer;
    private final Consumer<WhepSession> onEnded;
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile boolean connected;
    /** Lets the player go if it never connects; cancelled when the session ends, so it keeps nothing after that. */
    private volatile ScheduledFuture<?> watchdog;

    /**
     * @param resource the secret last part of the session's address
     * @param onEnded  told once, when the session ends
     */
    WhepSession(String id, String resource, Stream stream, WhepPeer.OfferedMedia offered,
            Consumer<WhepSession> onEnded) {
        this.id = id;
        this.resource = resource;
        this.stream = stream;
        this.offered = offered;
        this.onEnded = onEnded;
    }

    /** Ends the session {@code seconds} from now unless its player has connected by then. */
    void letGoUnlessConnectedWithin(ScheduledExecutorService timer, long seconds) {
        watchdog = timer.schedule(() -> {
            if (!connected) {
                end("it did not connect within " + seconds + " s");
            }
        }, seconds, TimeUnit.SECONDS);
        if (ended.get()) {
            watchdog.cancel(false);
        }
    }

    /**
     * Joins the stream's viewers and, once in, makes the peer with this session as its listener: nothing native is
     * made for a player the stream turns away.
     */
    ViewerRegistry.Join join(Function<PeerEvents, WhepPeer> peers) {
        ViewerRegistry.Join joined = stream.viewers().join(this);
        if (joined == ViewerRegistry.Join.JOINED) {
            peer = peers.apply(this);
        }
        return joined;
    }

    String resource() {
        return resource;
    }

    Stream stream() {
        return stream;
    }

    WhepPeer peer() {
        return peer;
    }

    /**
     * Adds the candidates of a PATCH.
     *
     * @throws IllegalStateException    when the fragment asks for an ICE restart, which is not supported
     * @throws IllegalArgumentException when it names a media section the offer did not have
     * @throws PeerException            when libwebrtc refuses a candidate
     */
    void trickle(SdpFragment fragment) throws PeerException {
        if (fragment.ufrag() != null && offered.ufrag() != null && !fragment.ufrag().equals(offered.ufrag())) {
            throw new IllegalStateException("ICE restarts are not supported: start a new session");
        }
        for (SdpFragment.Candidate candidate : fragment.candidates()) {
            int index = offered.mids().indexOf(candidate.mid());
            if (index < 0) {
                throw new IllegalArgumentException("the offer has no media section '" + candidate.mid() + "'");
            }
            peer.addRemoteCandidate(new RTCIceCandidate(candidate.mid(), index, candidate.line()));
        }
    }

    /** Ends the session (once): it leaves the stream and its peer is closed. */
    void end(String why) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        LOG.info("WHEP viewer {} of stream {} ended: {}", id, stream.id(), why);
        ScheduledFuture<?> pending = watchdog;
        if (pending != null) {
            pending.cancel(false);
        }
        stream.viewers().leave(this);
        WhepPeer made = peer;
        if (made != null) {
            made.close();
        }
        onEnded.accept(this);
    }

    @Override
    public void onLocalCandidate(RTCIceCandidate candidate) {
        // they go to the player in the answer
    }

    @Override
    public void onConnectionState(RTCPeerConnectionState state) {
        if (state == RTCPeerConnectionState.CONNECTED) {
            connected = true;
        } else if (state == RTCPeerConnectionState.FAILED || state == RTCPeerConnectionState.CLOSED) {
            end("its connection " + state.name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public CompletionStage<Void> goodbye(String reason) {
        end(reason);
        return CompletableFuture.completedFuture(null);
    }
}
