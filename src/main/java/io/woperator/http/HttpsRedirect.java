package io.woperator.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;

/** Sends a plain-HTTP request to the same address over HTTPS (308 keeps the method). */
final class HttpsRedirect implements HttpHandler {

    private final int httpsPort;

    HttpsRedirect(int httpsPort) {
        this.httpsPort = httpsPort;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        String host = exchange.getHostName();
        if (host.contains(":")) {
            host = "[" + host.replaceAll("^\\[|\\]$", "") + "]"; // an IPv6 literal
        }
        String query = exchange.getQueryString();
        String location = "https://" + host + (httpsPort == 443 ? "" : ":" + httpsPort) + exchange.getRequestURI()
                + (query == null || query.isEmpty() ? "" : "?" + query);
        exchange.setStatusCode(StatusCodes.PERMANENT_REDIRECT);
        exchange.getResponseHeaders().put(Headers.LOCATION, location);
        exchange.endExchange();
    }
}
