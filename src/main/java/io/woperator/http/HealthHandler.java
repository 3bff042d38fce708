package io.woperator.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.util.function.Supplier;

/** GET /healthz: 200 with a small JSON report while the server runs. */
final class HealthHandler implements HttpHandler {
    private final ObjectMapper mapper = new ObjectMapper();
    private final Supplier<?> report;

    HealthHandler(Supplier<?> report) {
        this.report = report;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        exchange.getResponseSender().send(mapper.writeValueAsString(report.get()));
    }
}
