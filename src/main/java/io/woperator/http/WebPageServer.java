package io.woperator.http;

import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.util.Headers;
import io.woperator.config.WebCommandLine;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code woperator web}: the viewer's page and scripts alone, its page telling browsers where the signaling hub is
 * (a {@code <meta name="woperator-signaling">} the page's scripts read).
 */
public final class WebPageServer implements AutoCloseable {

    private final Undertow undertow;

    public WebPageServer(WebCommandLine.WebSettings settings) throws IOException {
        String page = indexPage(settings.webDir()).replaceFirst("<head>", "<head>\n  <meta name=\"woperator-signaling\" "
                + "content=\"" + settings.signalingUrl().toString().replace("&", "&amp;").replace("\"", "&quot;")
                + "\">");
        HttpHandler index = exchange -> {
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/html; charset=utf-8");
            exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-cache");
            exchange.getResponseSender().send(page, StandardCharsets.UTF_8);
        };
        this.undertow = Undertow.builder()
                .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, (int) HttpServer.REQUEST_PARSE_TIMEOUT_MILLIS)
                .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, (int) HttpServer.IDLE_CONNECTION_TIMEOUT_MILLIS)
                .addHttpListener(settings.port(), settings.bindAddress())
                .setHandler(Handlers.path(HttpServer.viewerFiles(settings.webDir()))
                        .addExactPath("/", index)
                        .addExactPath("/index.html", index)
                        .addExactPath("/healthz", new HealthHandler(() -> Map.of("status", "ok"))))
                .build();
    }

    private static String indexPage(Path webDir) throws IOException {
        if (webDir != null) {
            return Files.readString(webDir.resolve("index.html"));
        }
        try (InputStream in = WebPageServer.class.getClassLoader().getResourceAsStream("web/index.html")) {
            if (in == null) {
                throw new IOException("the jar has no web/index.html");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    public void start() {
        undertow.start();
    }

    @Override
    public void close() {
        undertow.stop();
    }
}
