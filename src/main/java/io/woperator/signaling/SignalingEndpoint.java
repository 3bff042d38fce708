package io.woperator.signaling;

import io.undertow.websockets.WebSocketConnectionCallback;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedBinaryMessage;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.WebSocketCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import io.undertow.websockets.spi.WebSocketHttpExchange;
import io.woperator.config.Role;
import io.woperator.config.Settings;
import io.woperator.files.UploadPermits;
import io.woperator.http.AccessGuard;
import io.woperator.platform.LogBudget;
import io.woperator.protocol.ErrorCode;
import io.woperator.protocol.ServerMessage;
import io.woperator.protocol.Texts;
import io.woperator.stream.Stream;
import io.woperator.stream.StreamRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;

/**
 * The WebSocket at /ws: each connection becomes a {@link ViewerSession} of the stream named by {@code ?stream=}
 * (the default stream without it); an unknown name is answered with an error and the socket closed, and so is a
 * socket from an address that already holds {@code --max-connections-per-address} of them.
 */
public final class SignalingEndpoint implements WebSocketConnectionCallback {

    private static final Logger LOG = LoggerFactory.getLogger(SignalingEndpoint.class);

    private final Settings settings;
    private final SessionContext context;
    private final StreamRegistry streams;
    private final AtomicLong nextId = new AtomicLong(1);
    /** Open sockets per remote address; an address leaves the map with its last socket. */
    private final ConcurrentMap<InetAddress, Integer> perAddress = new ConcurrentHashMap<>();
    private final LogBudget refusals = new LogBudget(LOG, "connections turned away for their address", 10);

    public SignalingEndpoint(Settings settings, SessionContext context, StreamRegistry streams) {
        this.settings = settings;
        this.context = context;
        this.streams = streams;
    }

    @Override
    public void onConnect(WebSocketHttpExchange exchange, WebSocketChannel socket) {
        String id = "v" + nextId.getAndIncrement();
        Role role = exchange.getAttachment(AccessGuard.ROLE);
        if (role == null) {
            role = Role.VIEW; // never reached past the guard; should it be, the least a viewer may do
        }
        List<String> asked = exchange.getRequestParameters().get("stream");
        String streamId = asked == null || asked.isEmpty() || asked.get(0).isBlank() ? null : asked.get(0);
        Stream stream = streamId == null ? streams.defaultStream() : streams.find(streamId);
        UndertowChannel channel = new UndertowChannel(socket);
        InetSocketAddress source = socket.getSourceAddress();
        InetAddress address = source == null ? null : source.getAddress();
        if (!admit(address)) {
            refuseTooMany(id, channel);
            return;
        }
        socket.addCloseTask(closed -> release(address));
        if (stream == null) {
            String name = streamId == null ? "" : Texts.clip(streamId, 64);
            LOG.warn("Viewer {} ({}) asked for stream '{}', which does not exist", id, channel.remote(), name);
            channel.send(context.codec().encode(new ServerMessage.Error(ErrorCode.UNKNOWN_STREAM.wireName(),
                    streamId == null ? "this server has no stream to show" : "there is no stream named '" + name + "'")));
            channel.close(1008, "unknown stream");
            return;
        }
        ServerMessage.Welcome welcome = new ServerMessage.Welcome(id, role.wireName(), settings.videoCodec().sdpName(),
                stream.fps(), stream.hasSound(), settings.audio().microphone(), stream.desktop() != null,
                stream.desktop() != null && stream.desktop().resizer() != null,
                context.rtc().iceServers().forViewer(id), context.rtc().iceServers().relayOnly() ? "relay" : "all",
                stream.id(), stream.hasVideo(), streams.all().stream()
                        .filter(s -> s.state().serving())
                        .map(s -> new ServerMessage.StreamEntry(s.id(), s.spec().title())).toList(),
                stream.desktop() != null ? UploadPermits.newKey() : null);
        ViewerSession session = new ViewerSession(id, role, channel, context, stream, welcome);
        socket.getReceiveSetter().set(new AbstractReceiveListener() {
            @Override
            protected long getMaxTextBufferSize() {
                return settings.maxMessageBytes();
            }

            @Override
            protected long getMaxBinaryBufferSize() {
                return settings.maxMessageBytes();
            }

            @Override
            protected void onFullTextMessage(WebSocketChannel channel, BufferedTextMessage message) {
                String text = message.getData();
                // Undertow's own cap does not hold for every framing, so it is checked here too
                if (text.length() > settings.maxMessageBytes()) {
                    session.tooLarge(text.length(), settings.maxMessageBytes());
                } else {
                    session.receive(text);
                }
            }

            @Override
            protected void onFullPongMessage(WebSocketChannel channel, BufferedBinaryMessage message) {
                message.getData().free();
                session.heard();
            }

            @Override
            protected void onFullBinaryMessage(WebSocketChannel channel, BufferedBinaryMessage message) {
                message.getData().free();
                session.receiveBinary();
            }

            @Override
            protected void onError(WebSocketChannel channel, Throwable error) {
                // Undertow has already sent close 1009 when the message was too large
                LOG.warn("Viewer {} ({}): connection closed: {}", id, channel.getSourceAddress(), error.getMessage());
                IoUtils.safeClose(channel);
            }
        });
        socket.addCloseTask(closed -> session.closed());
        socket.resumeReceives();
        session.open();
    }

    /** Counts a new socket from {@code address}; false (and not counted) when the address has its fill. */
    private boolean admit(InetAddress address) {
        int limit = settings.maxConnectionsPerAddress();
        if (address == null || limit == 0) {
            return true;
        }
        boolean[] admitted = {false};
        perAddress.compute(address, (a, open) -> {
            int now = open == null ? 0 : open;
            admitted[0] = now < limit;
            return admitted[0] ? now + 1 : open;
        });
        return admitted[0];
    }

    private void release(InetAddress address) {
        if (address != null && settings.maxConnectionsPerAddress() != 0) {
            perAddress.computeIfPresent(address, (a, open) -> open > 1 ? open - 1 : null);
        }
    }

    private void refuseTooMany(String id, UndertowChannel channel) {
        refusals.note(() -> LOG.warn("Viewer {} ({}) turned away: that address has {} connections open already", id,
                channel.remote(), settings.maxConnectionsPerAddress()));
        channel.send(context.codec().encode(new ServerMessage.Error(ErrorCode.TOO_MANY_VIEWERS.wireName(),
                "too many connections from your address; close some and try again")));
        channel.close(1013, "too many connections from this address");
    }

    /** Sends on Undertow's non-blocking API; a failed send closes the socket, which ends the session. */
    private static final class UndertowChannel implements ViewerChannel {
        private final WebSocketChannel socket;

        UndertowChannel(WebSocketChannel socket) {
            this.socket = socket;
        }

        @Override
        public void send(String text) {
            if (socket.isOpen()) {
                WebSockets.sendText(text, socket, null);
            }
        }

        @Override
        public void ping() {
            if (socket.isOpen()) {
                WebSockets.sendPing(ByteBuffer.allocate(0), socket, null);
            }
        }

        @Override
        public void close(int code, String reason) {
            if (socket.isOpen()) {
                WebSockets.sendClose(code, reason, socket, new WebSocketCallback<Void>() {
                    @Override
                    public void complete(WebSocketChannel channel, Void context) {
                        IoUtils.safeClose(channel);
                    }

                    @Override
                    public void onError(WebSocketChannel channel, Void context, Throwable throwable) {
                        IoUtils.safeClose(channel);
                    }
                });
            }
        }

        @Override
        public String remote() {
            return String.valueOf(socket.getSourceAddress());
        }
    }
}
