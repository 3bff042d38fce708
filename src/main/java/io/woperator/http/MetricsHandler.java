package io.woperator.http;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import io.undertow.util.StatusCodes;

/** GET /metrics: the registry in Prometheus' text format. */
final class MetricsHandler implements HttpHandler {
    private final PrometheusRegistry registry;
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    MetricsHandler(PrometheusRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (!exchange.getRequestMethod().equals(Methods.GET)) {
            exchange.setStatusCode(StatusCodes.METHOD_NOT_ALLOWED);
            exchange.getResponseHeaders().put(Headers.ALLOW, "GET");
            return;
        }
        if (exchange.isInIoThread()) {
            exchange.dispatch(this); // a scrape reads /proc and the JVM's beans: not on an I/O thread
            return;
        }
        exchange.startBlocking();
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, writer.getContentType());
        writer.write(exchange.getOutputStream(), registry.scrape());
    }
}
