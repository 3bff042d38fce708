package io.woperator.hub;

import io.woperator.config.Role;
import io.woperator.platform.DaemonThreads;
import io.woperator.protocol.HubMessage;
import io.woperator.protocol.JsonCodec;
import io.woperator.protocol.ServerMessage;
import io.woperator.signaling.ViewerChannel;
import io.woperator.signaling.ViewerSessions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sender's link to the signaling hub ({@code woperator sender}): it connects out, registers its name and streams,
 * and runs a viewer session for each viewer the hub relays, exactly as for a viewer that came to it directly. When
 * the hub goes away it lets those sessions go and connects again with a growing pause (1 s to 30 s), registering
 * anew; the hub keeps nothing a sender cannot give it again.
 */
public final class HubLink implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HubLink.class);
    private static final long FIRST_PAUSE_MILLIS = 1_000;
    private static final long MAX_PAUSE_MILLIS = 30_000;
    /** How often the hub's silence is checked, and the streams compared with those it was told of. */
    private static final long CHECK_EVERY_MILLIS = 2_000;
    /** The hub pings every 10 s: this long without a word from it and the connection is taken for dead. */
    private static final long SILENCE_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final URI hub;
    private final String name;
    private final String secret;
    private final ViewerSessions sessions;
    private final ScheduledExecutorService timer;
    private final ExecutorService work;
    private final HttpClient http;
    private final JsonCodec<HubMessage> codec = new JsonCodec<>(HubMessage.class);
    /** The sessions of the viewers relayed on the current connection, by the hub's id. */
    private final Map<String, ViewerSessions.Inbound> relayed = new ConcurrentHashMap<>();
    private long pauseMillis = FIRST_PAUSE_MILLIS;
    private String lastRefusal;
    private boolean failing;
    private boolean closed;
    /** Counts connection attempts: what an older one reports is no longer news. */
    private int attempt;
    private WebSocket socket;
    private ScheduledFuture<?> retry;
    private ScheduledFuture<?> checks;
    /** The streams the hub was last told of, on the current connection. */
    private List<ServerMessage.StreamEntry> announced = List.of();
    /** When the hub was last heard on the current connection (a message or a ping). */
    private volatile long lastHeard = System.nanoTime();
    /** Sends go one after another, as the JDK's WebSocket requires. */
    private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);

    /**
     * @param hub    the hub's address for senders, e.g. ws://hub:8765/sender
     * @param secret what the hub asks senders to show, or null
     */
    public HubLink(URI hub, String name, String secret, ViewerSessions sessions, ScheduledExecutorService timer) {
        this.hub = hub;
        this.name = name;
        this.secret = secret;
        this.sessions = sessions;
        this.timer = timer;
        this.work = Executors.newCachedThreadPool(DaemonThreads.named("woperator-hub-link"));
        this.http = HttpClient.newBuilder().executor(work).connectTimeout(Duration.ofSeconds(10)).build();
    }

    public synchronized void start() {
        connect();
        checks = timer.scheduleWithFixedDelay(this::check, CHECK_EVERY_MILLIS, CHECK_EVERY_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    private synchronized void connect() {
        if (closed) {
            return;
        }
        int current = ++attempt;
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        if (secret != null) {
            builder.header("Authorization", "Bearer " + secret);
        }
        builder.buildAsync(hub, new Listener(current)).whenComplete((ws, error) -> {
            if (error != null) {
                lost(current, "cannot reach the hub at " + hub + ": " + rootMessage(error));
            } else {
                opened(ws);
            }
        });
    }

    private synchronized void opened(WebSocket ws) {
        if (closed) {
            ws.abort();
            return;
        }
        socket = ws;
        lastHeard = System.nanoTime();
        sending = CompletableFuture.completedFuture(null);
        announced = sessions.serving();
        send(ws, new HubMessage.Register(name, announced));
    }

    /**
     * Every two seconds: a hub silent too long (a half-open connection, a frozen host) is given up on; otherwise it
     * is told of streams made, started, stopped or deleted since it was last told.
     */
    private void check() {
        List<ServerMessage.StreamEntry> now = sessions.serving();
        WebSocket ws;
        int which;
        synchronized (this) {
            ws = socket;
            which = attempt;
            if (ws == null) {
                return;
            }
            if (System.nanoTime() - lastHeard > SILENCE_LIMIT_NANOS) {
                ws.abort();
            } else if (now.equals(announced)) {
                return;
            } else {
                announced = now;
            }
        }
        if (ws.isInputClosed()) {
            lost(which, "the hub stopped answering for " + TimeUnit.NANOSECONDS.toSeconds(SILENCE_LIMIT_NANOS)
                    + " s");
            return;
        }
        send(ws, new HubMessage.Streams(now));
    }

    private void registered() {
        synchronized (this) {
            pauseMillis = FIRST_PAUSE_MILLIS;
            failing = false;
            lastRefusal = null;
        }
        LOG.info("Registered with the signaling hub {} as '{}': viewers can open this desktop there", hub, name);
    }

    /** The connection is gone or never came: its viewers' sessions end, and it is tried again after a pause. */
    private void lost(int which, String why) {
        synchronized (this) {
            if (which != attempt || closed) {
                return;
            }
            attempt++; // the next news of this connection is old
            socket = null;
        }
        List<ViewerSessions.Inbound> ended = List.copyOf(relayed.values());
        relayed.clear();
        ended.forEach(ViewerSessions.Inbound::closed);
        synchronized (this) {
            if (!failing) {
                LOG.warn("Signaling hub: {} (connecting again, at least every {} s)", why, MAX_PAUSE_MILLIS / 1000);
            }
            failing = true;
            retry = timer.schedule(this::connect, pauseMillis, TimeUnit.MILLISECONDS);
            pauseMillis = Math.min(MAX_PAUSE_MILLIS, pauseMillis * 2);
        }
    }

    private void receive(WebSocket ws, String text) {
        synchronized (this) {
            if (ws != socket) {
                return; // a connection given up on: its viewers' sessions ended with it
            }
        }
        HubMessage message;
        try {
            message = codec.decode(text);
        } catch (JsonCodec.DecodeException e) {
            LOG.warn("Signaling hub: dropped a message: {}", e.getMessage());
            return;
        }
        if (!(message instanceof HubMessage.FromHub said)) {
            LOG.warn("Signaling hub: dropped a '{}', which only senders send", message.getClass().getSimpleName());
            return;
        }
        said.handledBy(new HubSaid(ws));
    }

    /** What the hub says on one connection. */
    private final class HubSaid implements HubMessage.FromHub.Handler {
        private final WebSocket ws;

        HubSaid(WebSocket ws) {
            this.ws = ws;
        }

        @Override
        public void viewerJoined(HubMessage.ViewerJoined joined) {
            Role role;
            try {
                role = Role.parse(joined.role());
            } catch (IllegalArgumentException e) {
                role = Role.VIEW;
            }
            ViewerSessions.Inbound session = sessions.open(joined.viewer(), role, joined.stream(),
                    new RelayedViewer(ws, joined.viewer(), joined.remote()));
            if (session != null) {
                relayed.put(joined.viewer(), session);
            }
        }

        @Override
        public void fromViewer(HubMessage.FromViewer from) {
            ViewerSessions.Inbound session = relayed.get(from.viewer());
            if (session != null) {
                session.receive(from.text());
            }
        }

        @Override
        public void viewerPong(HubMessage.ViewerPong pong) {
            ViewerSessions.Inbound session = relayed.get(pong.viewer());
            if (session != null) {
                session.pong();
            }
        }

        @Override
        public void viewerLeft(HubMessage.ViewerLeft left) {
            ViewerSessions.Inbound session = relayed.remove(left.viewer());
            if (session != null) {
                session.closed();
            }
        }

        @Override
        public void registered(HubMessage.Registered registered) {
            HubLink.this.registered();
        }

        @Override
        public void refused(HubMessage.Refused refused) {
            String why = refused.code() + ": " + refused.message();
            synchronized (HubLink.this) {
                if (why.equals(lastRefusal)) {
                    return; // said already; it is tried again all the same, as the hub may be set right
                }
                lastRefusal = why;
            }
            LOG.error("The signaling hub {} refused this sender: {}", hub, why);
        }
    }

    private void send(WebSocket ws, HubMessage message) {
        String text = codec.encode(message);
        synchronized (this) {
            sending = sending.thenCompose(done -> ws.sendText(text, true)).exceptionally(error -> null);
        }
    }

    /** A viewer the hub relays: what its session sends goes to the hub, addressed to it. */
    private final class RelayedViewer implements ViewerChannel {
        private final WebSocket ws;
        private final String viewer;
        private final String remote;

        RelayedViewer(WebSocket ws, String viewer, String remote) {
            this.ws = ws;
            this.viewer = viewer;
            this.remote = remote;
        }

        @Override
        public void send(String text) {
            HubLink.this.send(ws, new HubMessage.ToViewer(viewer, text));
        }

        @Override
        public void ping() {
            HubLink.this.send(ws, new HubMessage.PingViewer(viewer));
        }

        @Override
        public void close(int code, String reason) {
            HubLink.this.send(ws, new HubMessage.CloseViewer(viewer, code, reason));
        }

        @Override
        public String remote() {
            return remote + " via the hub";
        }
    }

    /** The JDK's WebSocket callbacks: text may come in parts. */
    private final class Listener implements WebSocket.Listener {
        private final int which;
        private final StringBuilder partial = new StringBuilder();

        Listener(int which) {
            this.which = which;
        }

        @Override
        public CompletionStage<?> onPing(WebSocket ws, ByteBuffer message) {
            lastHeard = System.nanoTime();
            return WebSocket.Listener.super.onPing(ws, message); // answers it
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            lastHeard = System.nanoTime();
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                receive(ws, text);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
            lost(which, "the hub closed the connection (" + status + (reason.isEmpty() ? "" : ": " + reason) + ")");
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            lost(which, "the connection to the hub failed: " + rootMessage(error));
        }
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    /** Lets the relayed viewers go and closes the link (the sender is shutting down). */
    @Override
    public void close() {
        WebSocket ws;
        synchronized (this) {
            closed = true;
            ws = socket;
            if (retry != null) {
                retry.cancel(false);
            }
            if (checks != null) {
                checks.cancel(false);
            }
        }
        List<ViewerSessions.Inbound> ended = List.copyOf(relayed.values());
        relayed.clear();
        ended.forEach(ViewerSessions.Inbound::closed);
        if (ws != null) {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "the sender is shutting down").orTimeout(2, TimeUnit.SECONDS)
                    .exceptionally(error -> null).join();
        }
        work.shutdownNow();
    }
}
