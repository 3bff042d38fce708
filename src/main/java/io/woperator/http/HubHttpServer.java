package io.woperator.http;

import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.PathHandler;
import io.undertow.server.handlers.ResponseCodeHandler;
import io.undertow.websockets.WebSocketConnectionCallback;
import io.woperator.access.AccessGuard;
import io.woperator.config.HubSettings;
import java.util.function.Supplier;

/**
 * The signaling hub's one Undertow server: senders' WebSocket at /sender (they show their own secret), and behind
 * the same credentials as a server's, the viewers' WebSocket at /ws, /healthz, and the viewer's page unless
 * {@code --no-web}.
 */
public final class HubHttpServer implements AutoCloseable {

    private final Undertow undertow;

    public HubHttpServer(HubSettings settings, WebSocketConnectionCallback senders,
            WebSocketConnectionCallback viewers, Supplier<?> health) {
        PathHandler guarded = Handlers.path(settings.web() ? HttpServer.viewerFiles(settings.webDir())
                        : ResponseCodeHandler.HANDLE_404)
                .addExactPath("/ws", Handlers.websocket(viewers))
                .addExactPath("/healthz", new HealthHandler(health));
        HttpHandler routes = Handlers.path(new AccessGuard(settings.access(), guarded, () -> { }))
                .addExactPath("/sender", Handlers.websocket(senders));
        this.undertow = Undertow.builder()
                .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, (int) HttpServer.REQUEST_PARSE_TIMEOUT_MILLIS)
                .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, (int) HttpServer.IDLE_CONNECTION_TIMEOUT_MILLIS)
                .addHttpListener(settings.port(), settings.bindAddress())
                .setHandler(routes)
                .build();
    }

    public void start() {
        undertow.start();
    }

    @Override
    public void close() {
        undertow.stop();
    }
}
