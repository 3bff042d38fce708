package io.woperator.hub;

import io.undertow.websockets.WebSocketConnectionCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.spi.WebSocketHttpExchange;
import io.woperator.access.AccessGuard;
import io.woperator.config.Role;
import io.woperator.platform.SocketMessages;
import io.woperator.protocol.ErrorCode;
import io.woperator.protocol.JsonCodec;
import io.woperator.protocol.ServerMessage;
import io.woperator.protocol.Texts;
import io.woperator.signaling.WebSocketViewerChannel;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's WebSocket for viewers (/ws): {@code ?sender=NAME&stream=ID} relays the viewer to that sender, which
 * runs its session as if the viewer had come to it directly; without {@code sender} the page is shown the directory
 * of senders, and told of every change. A sender that is not connected now is said so, and the page tries again.
 */
final class ViewerRelay implements WebSocketConnectionCallback {

    private static final Logger LOG = LoggerFactory.getLogger(ViewerRelay.class);

    private final Hub hub;
    private final int maxMessageBytes;
    private final JsonCodec<ServerMessage> codec = new JsonCodec<>(ServerMessage.class);

    ViewerRelay(Hub hub, int maxMessageBytes) {
        this.hub = hub;
        this.maxMessageBytes = maxMessageBytes;
    }

    @Override
    public void onConnect(WebSocketHttpExchange exchange, WebSocketChannel socket) {
        WebSocketViewerChannel channel = new WebSocketViewerChannel(socket);
        Role role = exchange.getAttachment(AccessGuard.ROLE);
        String senderName = parameter(exchange, "sender");
        if (senderName == null) {
            hub.watch(channel);
            socket.addCloseTask(closed -> hub.unwatch(channel));
            listen(socket, text -> { }, () -> { });
            return;
        }
        String id = hub.nextViewerId();
        Hub.Viewer viewer = hub.join(id, senderName, parameter(exchange, "stream"), role == null ? Role.VIEW : role,
                channel);
        if (viewer == null) {
            String name = Texts.clip(senderName, 64);
            LOG.info("Viewer {} ({}) asked for sender '{}', which is not connected", id, channel.remote(), name);
            channel.send(codec.encode(new ServerMessage.Error(ErrorCode.SENDER_UNAVAILABLE, "the desktop '" + name
                    + "' is not connected to the hub now; trying again")));
            channel.close(1013, "sender unavailable");
            return;
        }
        socket.addCloseTask(closed -> hub.left(viewer));
        listen(socket, text -> hub.fromViewer(viewer, text), () -> hub.pong(viewer));
    }

    private void listen(WebSocketChannel socket, Consumer<String> texts, Runnable pongs) {
        SocketMessages.listen(socket, maxMessageBytes, new SocketMessages() {
            @Override
            public void text(String text) {
                if (text.length() <= maxMessageBytes) {
                    texts.accept(text);
                }
            }

            @Override
            public void pong() {
                pongs.run();
            }
        });
        socket.resumeReceives();
    }

    private static String parameter(WebSocketHttpExchange exchange, String name) {
        List<String> values = exchange.getRequestParameters().get(name);
        return values == null || values.isEmpty() || values.get(0).isBlank() ? null : values.get(0);
    }
}
