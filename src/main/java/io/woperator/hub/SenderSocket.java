package io.woperator.hub;

import io.undertow.websockets.WebSocketConnectionCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.spi.WebSocketHttpExchange;
import io.woperator.platform.LogBudget;
import io.woperator.platform.SocketMessages;
import io.woperator.protocol.HubMessage;
import io.woperator.protocol.JsonCodec;
import io.woperator.protocol.Texts;
import io.woperator.signaling.WebSocketViewerChannel;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;

/**
 * The hub's WebSocket for senders (/sender): a sender shows the secret (Authorization: Bearer), registers a name
 * nobody else holds within 10 s, and from then on speaks for that name until its socket closes. Every message is
 * size-capped and read as a {@link HubMessage}; one that is not is logged (within a budget) and dropped.
 */
final class SenderSocket implements WebSocketConnectionCallback {

    private static final Logger LOG = LoggerFactory.getLogger(SenderSocket.class);
    private static final long REGISTER_WITHIN_SECONDS = 10;
    /** A registered sender is pinged this often (which keeps proxies and NATs from closing an idle link)... */
    static final long PING_EVERY_SECONDS = 10;
    /** ...and let go when nothing at all was heard from it for this long (a half-open connection, a frozen host). */
    static final long SILENCE_LIMIT_SECONDS = 30;

    private final Hub hub;
    private final byte[] secret;
    private final int maxMessageBytes;
    private final ScheduledExecutorService timer;
    private final JsonCodec<HubMessage> codec = new JsonCodec<>(HubMessage.class);
    private final LogBudget badMessages = new LogBudget(LOG, "bad messages from senders", 10);

    /** @param secret what senders must show; null: only senders on this machine may register */
    SenderSocket(Hub hub, String secret, int maxMessageBytes, ScheduledExecutorService timer) {
        this.hub = hub;
        this.secret = secret == null ? null : secret.getBytes(StandardCharsets.UTF_8);
        this.maxMessageBytes = maxMessageBytes;
        this.timer = timer;
    }

    @Override
    public void onConnect(WebSocketHttpExchange exchange, WebSocketChannel socket) {
        WebSocketViewerChannel channel = new WebSocketViewerChannel(socket);
        String refusal = refusal(exchange.getRequestHeader("Authorization"), socket.getSourceAddress());
        if (refusal != null) {
            LOG.warn("Refused a sender from {}: {}", channel.remote(), refusal);
            channel.send(codec.encode(new HubMessage.Refused("forbidden", refusal)));
            channel.close(1008, "forbidden");
            return;
        }
        AtomicReference<Hub.Sender> registered = new AtomicReference<>();
        AtomicLong lastHeard = new AtomicLong(System.nanoTime());
        timer.schedule(() -> {
            if (registered.get() == null && socket.isOpen()) {
                LOG.warn("A sender from {} did not register within {} s", channel.remote(), REGISTER_WITHIN_SECONDS);
                channel.close(1008, "no register");
            }
        }, REGISTER_WITHIN_SECONDS, TimeUnit.SECONDS);
        SocketMessages.listen(socket, maxMessageBytes, new SocketMessages() {
            @Override
            public void pong() {
                lastHeard.set(System.nanoTime());
            }

            @Override
            public void text(String text) {
                lastHeard.set(System.nanoTime());
                HubMessage decoded;
                try {
                    decoded = codec.decode(text);
                } catch (JsonCodec.DecodeException e) {
                    badMessages.note(() -> LOG.warn("Sender {}: dropped a message: {}", name(registered, channel),
                            e.getMessage()));
                    return;
                }
                if (!(decoded instanceof HubMessage.FromSender said)) {
                    badMessages.note(() -> LOG.warn("Sender {}: dropped a '{}', which only the hub sends",
                            name(registered, channel), decoded.getClass().getSimpleName()));
                    return;
                }
                Hub.Sender sender = registered.get();
                if (sender != null) {
                    hub.fromSender(sender, said);
                } else if (said instanceof HubMessage.Register register) {
                    if (register(register, channel, registered)) {
                        keepAlive(socket, channel, registered.get(), lastHeard);
                    }
                } else {
                    badMessages.note(() -> LOG.warn("Sender {} spoke before registering", channel.remote()));
                }
            }

            @Override
            public void failed(Throwable error) {
                LOG.warn("Sender {}: connection closed: {}", name(registered, channel), error.getMessage());
            }
        });
        socket.addCloseTask(closed -> {
            Hub.Sender sender = registered.get();
            if (sender != null) {
                hub.senderGone(sender);
            }
        });
        socket.resumeReceives();
    }

    /** Registers the sender under its name; false when another connection holds it (then refused and closed). */
    private boolean register(HubMessage.Register register, WebSocketViewerChannel channel,
            AtomicReference<Hub.Sender> registered) {
        Hub.Sender sender = hub.register(channel, register);
        if (sender == null) {
            LOG.warn("Refused sender '{}' from {}: another connection holds that name", register.name(),
                    channel.remote());
            channel.send(codec.encode(new HubMessage.Refused("name-taken", "another sender is registered as '"
                    + register.name() + "'")));
            channel.close(1008, "name taken");
            return false;
        }
        registered.set(sender);
        channel.send(codec.encode(new HubMessage.Registered(sender.name())));
        return true;
    }

    /** Pings a registered sender, and lets it go when it has been silent too long; stops with its socket. */
    private void keepAlive(WebSocketChannel socket, WebSocketViewerChannel channel, Hub.Sender sender,
            AtomicLong lastHeard) {
        ScheduledFuture<?> pings = timer.scheduleAtFixedRate(() -> {
            long silentSeconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - lastHeard.get());
            if (silentSeconds >= SILENCE_LIMIT_SECONDS) {
                LOG.warn("Sender {} has not answered for {} s: letting it go", sender.name(), silentSeconds);
                IoUtils.safeClose(socket);
            } else {
                channel.ping();
            }
        }, PING_EVERY_SECONDS, PING_EVERY_SECONDS, TimeUnit.SECONDS);
        socket.addCloseTask(closed -> pings.cancel(false));
    }

    private String refusal(String authorization, InetSocketAddress from) {
        if (secret == null) {
            return from != null && from.getAddress().isLoopbackAddress() ? null
                    : "this hub has no --sender-secret, so only senders on its own machine may register";
        }
        String prefix = "Bearer ";
        byte[] shown = authorization != null && authorization.startsWith(prefix)
                ? authorization.substring(prefix.length()).getBytes(StandardCharsets.UTF_8) : new byte[0];
        return MessageDigest.isEqual(shown, secret) ? null : "wrong or missing sender secret (--sender-secret)";
    }

    private static String name(AtomicReference<Hub.Sender> registered, WebSocketViewerChannel channel) {
        Hub.Sender sender = registered.get();
        return sender != null ? sender.name() : Texts.clip(channel.remote(), 60);
    }
}
