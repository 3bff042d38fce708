package io.woperator.http;

import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.predicate.Predicates;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.PathHandler;
import io.undertow.server.handlers.encoding.ContentEncodingRepository;
import io.undertow.server.handlers.encoding.EncodingHandler;
import io.undertow.server.handlers.encoding.GzipEncodingProvider;
import io.undertow.server.handlers.resource.ClassPathResourceManager;
import io.undertow.server.handlers.resource.PathResourceManager;
import io.undertow.server.handlers.resource.ResourceHandler;
import io.undertow.server.handlers.resource.ResourceManager;
import io.undertow.websockets.WebSocketConnectionCallback;
import io.woperator.access.AccessGuard;
import io.woperator.config.Settings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Undertow server: the viewer's files, the signaling WebSocket at /ws, /healthz, /metrics, and what Main routes below
 * other paths (the streams API, file transfer), over HTTP, or over HTTPS with a plain-HTTP port that only
 * redirects to it.
 */
public final class HttpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);
    /** How long a request may take to arrive whole. */
    static final long REQUEST_PARSE_TIMEOUT_MILLIS = 10_000;
    /** How long a kept-alive HTTP connection may wait for its next request. */
    static final long IDLE_CONNECTION_TIMEOUT_MILLIS = 60_000;

    private final Undertow undertow;
    private final Settings settings;

    /**
     * @param tls      the certificate to serve HTTPS with, or null for plain HTTP
     * @param prefixes what answers below other paths: the streams API, file transfer
     */
    public HttpServer(Settings settings, TlsCertificate tls, WebSocketConnectionCallback signaling,
            Map<String, HttpHandler> prefixes, Supplier<HealthReport> health, ServerMetrics metrics)
            throws IOException {
        this.settings = settings;
        PathHandler routes = Handlers.path(viewerFiles(settings.webDir()))
                .addExactPath("/ws", Handlers.websocket(signaling))
                .addExactPath("/healthz", new HealthHandler(health))
                .addExactPath("/metrics", new MetricsHandler(metrics.registry()));
        prefixes.forEach(routes::addPrefixPath);
        HttpHandler guarded = new AccessGuard(settings.access(), routes, metrics::authFailed);
        Undertow.Builder builder = Undertow.builder()
                // a request sent slowly, or never finished (a half-sent upgrade), does not hold a connection open
                .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, (int) REQUEST_PARSE_TIMEOUT_MILLIS)
                .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, (int) IDLE_CONNECTION_TIMEOUT_MILLIS);
        if (tls == null) {
            builder.addHttpListener(settings.port(), settings.bindAddress()).setHandler(guarded);
        } else {
            builder.addHttpsListener(settings.port(), settings.bindAddress(), tls.sslContext());
            if (settings.tls().redirectPort() > 0) {
                builder.addHttpListener(settings.tls().redirectPort(), settings.bindAddress());
            }
            // nothing but a redirect on plain HTTP, before any credentials are asked for
            HttpsRedirect redirect = new HttpsRedirect(settings.port());
            builder.setHandler(exchange -> (exchange.isSecure() ? guarded : redirect).handleRequest(exchange));
        }
        this.undertow = builder.build();
    }

    public void start() {
        undertow.start();
        String scheme = settings.tls() == null ? "http" : "https";
        LOG.info("Serving the viewer at {}://{}:{}/{}", scheme, displayHost(settings.bindAddress()), settings.port(),
                settings.access().required() ? " (password or token required)" : "");
        if (settings.tls() != null && settings.tls().redirectPort() > 0) {
            LOG.info("Plain HTTP on port {} redirects to HTTPS", settings.tls().redirectPort());
        }
    }

    @Override
    public void close() {
        undertow.stop();
    }

    /** The viewer's page and scripts: from {@code webDir}, or the copy in the jar when null. */
    static HttpHandler viewerFiles(Path webDir) {
        ResourceManager files = webDir != null
                ? new PathResourceManager(webDir)
                : new ClassPathResourceManager(HttpServer.class.getClassLoader(), "web");
        ResourceHandler handler = new ResourceHandler(files)
                .setWelcomeFiles("index.html")
                .setDirectoryListingEnabled(false)
                .setCacheTime(60);
        // the viewer's scripts and styles are text: gzip takes them to about a third, the first load's main cost
        return new EncodingHandler(handler, new ContentEncodingRepository().addEncodingHandler("gzip",
                new GzipEncodingProvider(), 50, Predicates.not(Predicates.suffixes(".png"))));
    }

    private static String displayHost(String bind) {
        return bind.equals("0.0.0.0") || bind.equals("::") ? "localhost" : bind;
    }
}
