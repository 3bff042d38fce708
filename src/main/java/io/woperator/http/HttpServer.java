package io.woperator.http;

import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.resource.ClassPathResourceManager;
import io.undertow.server.handlers.resource.PathResourceManager;
import io.undertow.server.handlers.resource.ResourceHandler;
import io.undertow.server.handlers.resource.ResourceManager;
import io.undertow.websockets.WebSocketConnectionCallback;
import io.woperator.config.Settings;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One Undertow listener: the viewer's files, the signaling WebSocket at /ws and /healthz. */
public final class HttpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);

    private final Undertow undertow;
    private final Settings settings;

    public HttpServer(Settings settings, WebSocketConnectionCallback signaling, Supplier<HealthReport> health) {
        this.settings = settings;
        HttpHandler routes = Handlers.path(viewerFiles(settings))
                .addExactPath("/ws", Handlers.websocket(signaling))
                .addExactPath("/healthz", new HealthHandler(health));
        this.undertow = Undertow.builder()
                .addHttpListener(settings.port(), settings.bindAddress())
                .setHandler(new AccessGuard(settings.access(), routes))
                .build();
    }

    public void start() {
        undertow.start();
        LOG.info("Serving the viewer at http://{}:{}/{}", displayHost(settings.bindAddress()), settings.port(),
                settings.access().required() ? " (password or token required)" : "");
    }

    @Override
    public void close() {
        undertow.stop();
    }

    private static HttpHandler viewerFiles(Settings settings) {
        ResourceManager files = settings.webDir() != null
                ? new PathResourceManager(settings.webDir())
                : new ClassPathResourceManager(HttpServer.class.getClassLoader(), "web");
        return new ResourceHandler(files)
                .setWelcomeFiles("index.html")
                .setDirectoryListingEnabled(false)
                .setCacheTime(60);
    }

    private static String displayHost(String bind) {
        return bind.equals("0.0.0.0") || bind.equals("::") ? "localhost" : bind;
    }
}
