package io.woperator.publish;

import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCPeerConnectionState;
import io.woperator.protocol.PublishingInfo;
import io.woperator.rtc.PeerEvents;
import io.woperator.rtc.PublishingPeer;
import io.woperator.session.WatchOnlyViewer;
import io.woperator.session.ViewerRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes one stream to one {@link Destination}, on a thread of its own, for as long as it is asked to: it joins
 * the stream as a viewer that only watches (so the stream captures), offers, and keeps the session up. When the
 * destination refuses, cannot be reached, or the session is lost, it tries again after a pause that doubles up to
 * 30 s, and says so in the log once per spell; when stopped, it ends its session at the destination.
 */
public final class Publisher implements WatchOnlyViewer, PeerEvents {

    /** Told when the stream is live at the destination, and when it no longer is. */
    public interface Listener {
        void live();

        void notLive(String reason);
    }

    enum State { CONNECTING, PUBLISHING, RETRYING, STOPPED }

    private static final Logger LOG = LoggerFactory.getLogger(Publisher.class);
    private static final long FIRST_PAUSE_MILLIS = 1_000;
    private static final long MAX_PAUSE_MILLIS = 30_000;
    private static final long CONNECT_TIMEOUT_MILLIS = 15_000;
    /** ICE says disconnected after a few seconds without an answer; this long of it and the session is lost. */
    private static final long DISCONNECTED_GRACE_MILLIS = 5_000;
    private static final long OFFER_TIMEOUT_MILLIS = 10_000;

    private final String streamId;
    private final ViewerRegistry viewers;
    private final Function<PeerEvents, PublishingPeer> peers;
    private final String kind;
    private final Destination destination;
    private final Listener listener;
    private final Clock clock;
    private final Thread thread;
    /** The connection's states, and CLOSED when the stream lets its viewers go. */
    private final BlockingQueue<RTCPeerConnectionState> states = new LinkedBlockingQueue<>();
    private final CountDownLatch stopSignal = new CountDownLatch(1);
    private volatile boolean stopping;
    private volatile String letGoBecause;
    /** Completes when the session under way has closed its peer and left the stream. */
    private volatile CompletableFuture<Void> session = CompletableFuture.completedFuture(null);
    private volatile State state = State.CONNECTING;
    private volatile Instant since;
    private volatile String lastError;

    /**
     * @param kind what the destination is, for the log and the thread's name: "whip", "janus"
     */
    public Publisher(String kind, String streamId, ViewerRegistry viewers, Function<PeerEvents, PublishingPeer> peers,
            Destination destination, Listener listener, Clock clock) {
        this.kind = kind;
        this.streamId = streamId;
        this.viewers = viewers;
        this.peers = peers;
        this.destination = destination;
        this.listener = listener;
        this.clock = clock;
        this.since = clock.instant();
        this.thread = new Thread(this::run, "woperator-" + kind + "-" + streamId);
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** Stops publishing, ends the session at the destination, and waits (up to 15 s) for all of it. */
    public void stop() {
        requestStop();
        awaitStopped();
    }

    /** Asks the thread to stop; it ends the session at the destination on its way out. */
    public void requestStop() {
        stopping = true;
        stopSignal.countDown();
        thread.interrupt(); // out of a blocking HTTP call or a wait for the connection
    }

    public void awaitStopped() {
        try {
            thread.join(15_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("Publishing stream {} did not stop within 15 s", streamId);
        }
    }

    public PublishingInfo info() {
        return new PublishingInfo(streamId, destination.address(), state.name().toLowerCase(Locale.ROOT),
                since.toString(), lastError);
    }

    private void run() {
        long pause = FIRST_PAUSE_MILLIS;
        boolean failing = false;
        boolean published = false;
        try {
            while (!stopping) {
                String lost;
                try {
                    lost = publishOnce(published);
                    published = true;
                    failing = false;
                    pause = FIRST_PAUSE_MILLIS;
                    if (!stopping) {
                        LOG.warn("Stream {} is no longer live at {}: {} (publishing again)", streamId,
                                destination.describe(), lost);
                    }
                } catch (PublishException e) {
                    lost = e.getMessage();
                    if (!stopping && (!failing || !lost.equals(lastError))) {
                        LOG.warn("Cannot publish stream {} to {}: {} (trying again, at least every {} s)", streamId,
                                destination.describe(), lost, MAX_PAUSE_MILLIS / 1000);
                    }
                    failing = true;
                }
                if (stopping) {
                    break;
                }
                lastError = lost;
                listener.notLive(lost);
                moveTo(State.RETRYING);
                if (stopSignal.await(pause, TimeUnit.MILLISECONDS)) {
                    break;
                }
                pause = Math.min(MAX_PAUSE_MILLIS, pause * 2);
            }
        } catch (InterruptedException e) {
            // stopped
        } finally {
            Thread.interrupted(); // leaving may wait for capture to stop
            viewers.leave(this);
            moveTo(State.STOPPED);
            LOG.info("Stopped publishing stream {} to {}", streamId, destination.describe());
        }
    }

    /**
     * One session: from joining the stream and offering until the connection is lost (the reason returned); stopping
     * interrupts it.
     */
    private String publishOnce(boolean again) throws PublishException, InterruptedException {
        moveTo(State.CONNECTING);
        states.clear();
        letGoBecause = null;
        CompletableFuture<Void> ended = new CompletableFuture<>();
        session = ended; // before joining: a goodbye from then on waits for this session's end
        ViewerRegistry.Join joined = viewers.join(this);
        if (joined != ViewerRegistry.Join.JOINED) {
            ended.complete(null);
            throw new PublishException(joined == ViewerRegistry.Join.CLOSED ? "the stream is stopped"
                    : "the stream has all the viewers it allows (--max-viewers)");
        }
        PublishingPeer peer = peers.apply(this);
        Destination.Session made = null;
        try {
            if (letGoBecause != null) {
                throw new PublishException(letGoBecause);
            }
            String offer = await(peer.offer(), OFFER_TIMEOUT_MILLIS, "making the offer");
            made = destination.open(offer, this::lost);
            await(peer.accept(made.answer()), OFFER_TIMEOUT_MILLIS, "applying the answer");
            awaitConnected();
            lastError = null;
            moveTo(State.PUBLISHING);
            LOG.info("Stream {} is live at {}{}", streamId, destination.describe(), again ? " again" : "");
            listener.live();
            return awaitLoss();
        } finally {
            // stop() interrupts: what follows waits (the DELETE, capture stopping when no one else watches)
            boolean interrupted = Thread.interrupted();
            peer.close();
            if (made != null) {
                made.end();
            }
            viewers.leave(this);
            ended.complete(null);
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void awaitConnected() throws PublishException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CONNECT_TIMEOUT_MILLIS);
        while (true) {
            RTCPeerConnectionState now = states.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (now == null) {
                throw new PublishException("the connection did not come up within "
                        + CONNECT_TIMEOUT_MILLIS / 1000 + " s");
            } else if (now == RTCPeerConnectionState.CONNECTED) {
                return;
            } else if (now == RTCPeerConnectionState.FAILED || now == RTCPeerConnectionState.CLOSED) {
                throw new PublishException(lossReason(now));
            }
        }
    }

    /** Waits while the session is up; returns why it was lost. */
    private String awaitLoss() throws InterruptedException {
        RTCPeerConnectionState now = RTCPeerConnectionState.CONNECTED;
        while (true) {
            if (now == RTCPeerConnectionState.DISCONNECTED) {
                RTCPeerConnectionState next = states.poll(DISCONNECTED_GRACE_MILLIS, TimeUnit.MILLISECONDS);
                if (next == null) {
                    return "the other end stopped answering for " + DISCONNECTED_GRACE_MILLIS / 1000 + " s";
                }
                now = next;
            } else {
                now = states.take();
            }
            if (now == RTCPeerConnectionState.FAILED || now == RTCPeerConnectionState.CLOSED) {
                return lossReason(now);
            }
        }
    }

    private String lossReason(RTCPeerConnectionState state) {
        String reason = letGoBecause;
        return reason != null ? reason : "the connection " + state.name().toLowerCase(Locale.ROOT);
    }

    /** The destination ended the session: the same as the connection closing, with its reason. */
    private void lost(String reason) {
        letGoBecause = reason;
        states.add(RTCPeerConnectionState.CLOSED);
    }

    private static <T> T await(CompletableFuture<T> future, long millis, String what)
            throws PublishException, InterruptedException {
        try {
            return future.get(millis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new PublishException(what + " failed: " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            throw new PublishException(what + " took over " + millis / 1000 + " s");
        }
    }

    private void moveTo(State next) {
        if (state != next) {
            state = next;
            since = clock.instant();
        }
    }

    @Override
    public void onLocalCandidate(RTCIceCandidate candidate) {
        // they go to the destination in the offer
    }

    @Override
    public void onConnectionState(RTCPeerConnectionState connectionState) {
        states.add(connectionState);
    }

    @Override
    public String id() {
        return kind + "-" + streamId;
    }

    /**
     * The stream lets its viewers go (stopped, deleted, or the server shutting down): the session ends (to be tried
     * again while publishing), and the stream is told when its peer is closed, since it frees its tracks next. Only
     * the publisher's thread touches the peer.
     */
    @Override
    public CompletionStage<Void> goodbye(String reason) {
        letGoBecause = reason;
        states.add(RTCPeerConnectionState.CLOSED);
        return session;
    }
}
