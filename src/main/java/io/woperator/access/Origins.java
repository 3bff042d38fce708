package io.woperator.access;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.util.Collection;

/** Which pages may call the server: its own, and the sites of {@code --allowed-origins}. */
public final class Origins {

    private Origins() {
    }

    /**
     * Whether the request's page may: no Origin (not a browser's page: a tool, which cross-site rules do not
     * concern), the server's own origin, or one listed.
     */
    public static boolean allowed(HttpServerExchange exchange, Collection<String> listed) {
        String origin = exchange.getRequestHeaders().getFirst(Headers.ORIGIN);
        if (origin == null) {
            return true;
        }
        String host = exchange.getRequestHeaders().getFirst(Headers.HOST);
        return origin.replaceFirst("^https?://", "").equals(host) || listed.contains(origin);
    }
}
