package io.woperator.whip;

import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCPeerConnectionState;
import io.woperator.protocol.PublishingInfo;
import io.woperator.rtc.PeerEvents;
import io.woperator.rtc.WhipPeer;
import io.woperator.session.WatchOnlyViewer;
import io.woperator.session.ViewerRegistry;
import java.net.URI;
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
 * Publishes one stream to one WHIP endpoint, on a thread of its own, for as long as it is asked to: it joins the
 * stream as a viewer that only watches (so the stream captures), offers, and keeps the session up. When the endpoint
 * refuses, cannot be reached, or the connection is lost, it tries again after a pause that doubles up to 30 s, and
 * says so in the log once per spell; when stopped, it DELETEs its session at the endpoint.
 */
final class WhipPublisher implements WatchOnlyViewer, PeerEvents {

    enum State { CONNECTING, PUBLISHING, RETRYING, STOPPED }

    private static final Logger LOG = LoggerFactory.getLogger(WhipPublisher.class);
    private static final long FIRST_PAUSE_MILLIS = 1_000;
    private static final long MAX_PAUSE_MILLIS = 30_000;
    private static final long CONNECT_TIMEOUT_MILLIS = 15_000;
    /** ICE says disconnected after a few seconds without an answer; this long of it and the session is lost. */
    private static final long DISCONNECTED_GRACE_MILLIS = 5_000;
    private static final long OFFER_TIMEOUT_MILLIS = 10_000;

    private final String streamId;
    private final ViewerRegistry viewers;
    private final Function<PeerEvents, WhipPeer> peers;
    private final URI endpoint;
    private final String token;
    private final WhipClient client;
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

    WhipPublisher(String streamId, ViewerRegistry viewers, Function<PeerEvents, WhipPeer> peers, URI endpoint,
            String token, WhipClient client, Clock clock) {
        this.streamId = streamId;
        this.viewers = viewers;
        this.peers = peers;
        this.endpoint = endpoint;
        this.token = token;
        this.client = client;
        this.clock = clock;
        this.since = clock.instant();
        this.thread = new Thread(this::run, "woperator-whip-" + streamId);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Stops publishing, ends the session at the endpoint, and waits (up to 15 s) for all of it. */
    void stop() {
        requestStop();
        awaitStopped();
    }

    /** Asks the thread to stop; it ends the session at the endpoint on its way out. */
    void requestStop() {
        stopping = true;
        stopSignal.countDown();
        thread.interrupt(); // out of a blocking HTTP call or a wait for the connection
    }

    void awaitStopped() {
        try {
            thread.join(15_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("Publishing stream {} did not stop within 15 s", streamId);
        }
    }

    PublishingInfo info() {
        return new PublishingInfo(streamId, endpoint.toString(), state.name().toLowerCase(Locale.ROOT),
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
                        LOG.warn("Stream {} is no longer live at the WHIP endpoint {}: {} (publishing again)",
                                streamId, forLog(endpoint), lost);
                    }
                } catch (WhipException e) {
                    lost = e.getMessage();
                    if (!stopping && (!failing || !lost.equals(lastError))) {
                        LOG.warn("Cannot publish stream {} to {}: {} (trying again, at least every {} s)", streamId,
                                forLog(endpoint), lost, MAX_PAUSE_MILLIS / 1000);
                    }
                    failing = true;
                }
                if (stopping) {
                    break;
                }
                lastError = lost;
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
            LOG.info("Stopped publishing stream {} to {}", streamId, forLog(endpoint));
        }
    }

    /**
     * One session: from joining the stream and offering until the connection is lost (the reason returned); stopping
     * interrupts it.
     */
    private String publishOnce(boolean again) throws WhipException, InterruptedException {
        moveTo(State.CONNECTING);
        states.clear();
        letGoBecause = null;
        CompletableFuture<Void> ended = new CompletableFuture<>();
        session = ended; // before joining: a goodbye from then on waits for this session's end
        ViewerRegistry.Join joined = viewers.join(this);
        if (joined != ViewerRegistry.Join.JOINED) {
            ended.complete(null);
            throw new WhipException(joined == ViewerRegistry.Join.CLOSED ? "the stream is stopped"
                    : "the stream has all the viewers it allows (--max-viewers)");
        }
        WhipPeer peer = peers.apply(this);
        URI resource = null;
        try {
            if (letGoBecause != null) {
                throw new WhipException(letGoBecause);
            }
            String offer = await(peer.offer(), OFFER_TIMEOUT_MILLIS, "making the offer");
            WhipClient.Session made = client.publish(endpoint, token, offer);
            resource = made.resource();
            await(peer.accept(made.answer()), OFFER_TIMEOUT_MILLIS, "applying the endpoint's answer");
            awaitConnected();
            lastError = null;
            moveTo(State.PUBLISHING);
            LOG.info("Stream {} is live at the WHIP endpoint {}{}", streamId, forLog(endpoint), again ? " again" : "");
            return awaitLoss();
        } finally {
            // stop() interrupts: what follows waits (the DELETE, capture stopping when no one else watches)
            boolean interrupted = Thread.interrupted();
            peer.close();
            if (resource != null) {
                end(resource);
            }
            viewers.leave(this);
            ended.complete(null);
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void awaitConnected() throws WhipException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CONNECT_TIMEOUT_MILLIS);
        while (true) {
            RTCPeerConnectionState now = states.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (now == null) {
                throw new WhipException("the connection to the endpoint did not come up within "
                        + CONNECT_TIMEOUT_MILLIS / 1000 + " s");
            } else if (now == RTCPeerConnectionState.CONNECTED) {
                return;
            } else if (now == RTCPeerConnectionState.FAILED || now == RTCPeerConnectionState.CLOSED) {
                throw new WhipException(lossReason(now));
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
                    return "the endpoint stopped answering for " + DISCONNECTED_GRACE_MILLIS / 1000 + " s";
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
        return reason != null ? reason : "the connection to the endpoint " + state.name().toLowerCase(Locale.ROOT);
    }

    /** DELETEs the session at the endpoint; a failure is only worth a line in the log. */
    private void end(URI resource) {
        try {
            client.end(resource, token);
        } catch (WhipException e) {
            LOG.info("Publishing stream {}: could not end the session at the endpoint: {}", streamId,
                    e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static <T> T await(CompletableFuture<T> future, long millis, String what)
            throws WhipException, InterruptedException {
        try {
            return future.get(millis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new WhipException(what + " failed: " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            throw new WhipException(what + " took over " + millis / 1000 + " s");
        }
    }

    private void moveTo(State next) {
        if (state != next) {
            state = next;
            since = clock.instant();
        }
    }

    /** The endpoint without its query, which may carry a key. */
    static String forLog(URI endpoint) {
        return endpoint.getScheme() + "://" + endpoint.getRawAuthority() + endpoint.getRawPath();
    }

    @Override
    public void onLocalCandidate(RTCIceCandidate candidate) {
        // they go to the endpoint in the offer
    }

    @Override
    public void onConnectionState(RTCPeerConnectionState connectionState) {
        states.add(connectionState);
    }

    @Override
    public String id() {
        return "whip-" + streamId;
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
