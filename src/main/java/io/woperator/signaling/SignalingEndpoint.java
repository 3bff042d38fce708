package io.woperator.signaling;

import io.undertow.websockets.WebSocketConnectionCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.spi.WebSocketHttpExchange;
import io.woperator.access.AccessGuard;
import io.woperator.config.Role;
import io.woperator.config.Settings;
import io.woperator.platform.LogBudget;
import io.woperator.platform.SocketMessages;
import io.woperator.protocol.ErrorCode;
import io.woperator.protocol.ServerMessage;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket at /ws: each connection becomes a {@link ViewerSession} of the stream named by {@code ?stream=}
 * (the default stream without it); an unknown name is answered with an error and the socket closed, and so is a
 * socket from an address that already holds {@code --max-connections-per-address} of them.
 */
public final class SignalingEndpoint implements WebSocketConnectionCallback {

    private static final Logger LOG = LoggerFactory.getLogger(SignalingEndpoint.class);

    private final Settings settings;
    private final SessionContext context;
    private final ViewerSessions sessions;
    private final AtomicLong nextId = new AtomicLong(1);
    /** Open sockets per remote address; an address leaves the map with its last socket. */
    private final ConcurrentMap<InetAddress, Integer> perAddress = new ConcurrentHashMap<>();
    private final LogBudget refusals = new LogBudget(LOG, "connections turned away for their address", 10);

    public SignalingEndpoint(Settings settings, SessionContext context, ViewerSessions sessions) {
        this.settings = settings;
        this.context = context;
        this.sessions = sessions;
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
        WebSocketViewerChannel channel = new WebSocketViewerChannel(socket);
        InetSocketAddress source = socket.getSourceAddress();
        InetAddress address = source == null ? null : source.getAddress();
        if (!admit(address)) {
            refuseTooMany(id, channel);
            return;
        }
        socket.addCloseTask(closed -> release(address));
        ViewerSessions.Inbound session = sessions.open(id, role, streamId, channel);
        if (session == null) {
            return;
        }
        SocketMessages.listen(socket, settings.maxMessageBytes(), new SocketMessages() {
            @Override
            public void text(String text) {
                session.receive(text); // the session checks the size again
            }

            @Override
            public void pong() {
                session.pong();
            }

            @Override
            public void binary() {
                session.binary();
            }

            @Override
            public void failed(Throwable error) {
                LOG.warn("Viewer {} ({}): connection closed: {}", id, socket.getSourceAddress(), error.getMessage());
            }
        });
        socket.addCloseTask(closed -> session.closed());
        socket.resumeReceives();
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

    private void refuseTooMany(String id, WebSocketViewerChannel channel) {
        refusals.note(() -> LOG.warn("Viewer {} ({}) turned away: that address has {} connections open already", id,
                channel.remote(), settings.maxConnectionsPerAddress()));
        channel.send(context.codec().encode(new ServerMessage.Error(ErrorCode.TOO_MANY_VIEWERS.wireName(),
                "too many connections from your address; close some and try again")));
        channel.close(1013, "too many connections from this address");
    }
}
