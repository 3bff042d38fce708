package io.woperator.access;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.Cookie;
import io.undertow.server.handlers.CookieImpl;
import io.undertow.server.handlers.form.FormData;
import io.undertow.server.handlers.form.FormDataParser;
import io.undertow.server.handlers.form.FormParserFactory;
import io.undertow.util.AttachmentKey;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import io.undertow.util.StatusCodes;
import io.woperator.config.Role;
import io.woperator.config.Settings;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one door every request goes through, the WebSocket upgrade included: HTTP Basic credentials, or a token
 * (Authorization: Bearer, or ?token= in the address, which also sets an HttpOnly same-site cookie so that the
 * page's files and its WebSocket follow). A browser loading a page without them gets a sign-in form (a token, or
 * the user name and password, which then hold for a day in a session cookie) instead of a bare 401. Secrets are compared in
 * constant time and never logged; an address that keeps failing is answered 429 for a while. Requests to /ws,
 * /api/ and /files from a foreign Origin are refused, against cross-site WebSocket hijacking and forged calls.
 */
public final class AccessGuard implements HttpHandler {

    /** The {@link Role} the request's credentials carry, for the WebSocket that follows. */
    public static final AttachmentKey<Role> ROLE = AttachmentKey.create(Role.class);

    private static final Logger LOG = LoggerFactory.getLogger(AccessGuard.class);
    /** Failures an address may have before it is turned away for a while. */
    static final int MAX_FAILURES = 10;
    private static final long FAILURE_WINDOW_NANOS = 60_000_000_000L;
    private static final int MAX_AUTHORIZATION_CHARS = 4096;
    private static final HttpString RETRY_AFTER = new HttpString("Retry-After");
    private static final String TOKEN_COOKIE = "woperator_token";
    private static final String SESSION_COOKIE = "woperator_session";
    static final String SIGN_IN_PATH = "/signin";
    private static final long SESSION_NANOS = 24 * 3_600_000_000_000L;
    private static final int MAX_SESSIONS = 10_000;

    private final Settings.Access access;
    private final HttpHandler next;
    private final Runnable onFailure;
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();
    /** Who signed in with the user name and password through the form: a secret in a cookie, for a day. */
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    private record Session(Role role, long expiresNanos) {
    }

    private static final class Failures {
        int count;
        long since = System.nanoTime();
    }

    /** onFailure: told of every request refused for its credentials */
    public AccessGuard(Settings.Access access, HttpHandler next, Runnable onFailure) {
        this.access = access;
        this.next = next;
        this.onFailure = onFailure;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        String address = exchange.getSourceAddress().getAddress().getHostAddress();
        String path = exchange.getRequestPath();
        if ((path.equals("/ws") || path.startsWith("/api/") || path.startsWith("/files"))
                && !Origins.allowed(exchange, access.allowedOrigins())) {
            LOG.warn("Refused {} from {}: foreign Origin {}", path, address,
                    exchange.getRequestHeaders().getFirst(Headers.ORIGIN));
            exchange.setStatusCode(StatusCodes.FORBIDDEN);
            exchange.getResponseSender().send("Connections from other sites' pages are not allowed here");
            return;
        }
        if (path.startsWith("/whep/") && exchange.getRequestMethod().equals(Methods.OPTIONS)) {
            // a browser's CORS preflight carries no credentials: the WHEP endpoint answers it, and nothing more
            next.handleRequest(exchange);
            return;
        }
        if (!access.required()) {
            exchange.putAttachment(ROLE, Role.CONTROL);
            next.handleRequest(exchange);
            return;
        }
        if (throttled(address)) {
            exchange.setStatusCode(StatusCodes.TOO_MANY_REQUESTS);
            exchange.getResponseHeaders().put(RETRY_AFTER, "60");
            exchange.getResponseSender().send("Too many failed logins from this address; try again in a minute");
            return;
        }
        if (path.equals(SIGN_IN_PATH) && exchange.getRequestMethod().equals(Methods.POST)) {
            if (exchange.isInIoThread()) {
                exchange.dispatch(this); // the form is read with blocking I/O
                return;
            }
            signIn(exchange, address);
            return;
        }
        Role role = authorized(exchange);
        if (role != null) {
            failures.remove(address);
            exchange.putAttachment(ROLE, role);
            next.handleRequest(exchange);
            return;
        }
        fail(address, exchange.getRequestPath());
        exchange.setStatusCode(StatusCodes.UNAUTHORIZED);
        String origin = exchange.getRequestHeaders().getFirst(Headers.ORIGIN);
        if (path.startsWith("/whep/") && origin != null && Origins.allowed(exchange, access.allowedOrigins())) {
            // a WHEP player on another site may read why it was refused (CORS), not just that the request failed
            exchange.getResponseHeaders().put(new HttpString("Access-Control-Allow-Origin"), origin);
            exchange.getResponseHeaders().put(Headers.VARY, "Origin");
        }
        if (wantsPage(exchange)) {
            // a person at a browser: the page's own form (token or password), not the browser's bare prompt
            signInPage(exchange, refusal(exchange), exchange.getRequestURI() + queryWithoutToken(exchange));
            return;
        }
        if (access.basicUser() != null) {
            exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Basic realm=\"Woperator\", charset=\"UTF-8\"");
        }
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=UTF-8");
        exchange.getResponseSender().send(refusal(exchange));
    }

    /**
     * The sign-in form was sent: a valid token goes into the same cookie a token link sets; a valid user name and
     * password get a session cookie; either way the browser goes on to the page it wanted. Wrong ones count as
     * failures like any other.
     */
    private void signIn(HttpServerExchange exchange, String address) throws IOException {
        FormData form;
        try (FormDataParser parser = FormParserFactory.builder().build().createParser(exchange)) {
            exchange.setMaxEntitySize(MAX_AUTHORIZATION_CHARS * 4L);
            form = parser == null ? new FormData(0) : parser.parseBlocking();
        }
        String token = value(form, "token");
        String user = value(form, "user");
        String goTo = SignInPage.safeNext(value(form, "next"));
        Role role = null;
        String wrong;
        if (!token.isEmpty()) {
            role = tokenRole(token);
            if (role != null) {
                exchange.setResponseCookie(cookie(TOKEN_COOKIE, token, exchange));
            }
            wrong = "That token is not valid: it was mistyped, or it has expired or been withdrawn.";
        } else {
            if (access.basicUser() != null && Secrets.equal(user + ":" + value(form, "password"),
                    access.basicUser() + ":" + access.basicPassword())) {
                role = Role.CONTROL;
                exchange.setResponseCookie(cookie(SESSION_COOKIE, newSession(role), exchange));
            }
            wrong = "Wrong user name or password for this desktop.";
        }
        if (role == null) {
            fail(address, SIGN_IN_PATH);
            exchange.setStatusCode(StatusCodes.UNAUTHORIZED);
            signInPage(exchange, wrong, goTo);
            return;
        }
        failures.remove(address);
        LOG.info("Signed in from {} through the form ({})", address, role.wireName());
        exchange.setStatusCode(StatusCodes.SEE_OTHER);
        exchange.getResponseHeaders().put(Headers.LOCATION, goTo);
        exchange.endExchange();
    }

    private void signInPage(HttpServerExchange exchange, String why, String goTo) {
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/html; charset=UTF-8");
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        exchange.getResponseSender().send(SignInPage.render(why, !access.tokens().isEmpty(),
                access.basicUser() != null, SignInPage.safeNext(goTo)));
    }

    /** A page load by a browser (not a script, a WebSocket or a tool): it can show a form. */
    private static boolean wantsPage(HttpServerExchange exchange) {
        String accept = exchange.getRequestHeaders().getFirst(Headers.ACCEPT);
        return exchange.getRequestMethod().equals(Methods.GET) && accept != null && accept.contains("text/html");
    }

    /** The request's query as it was, less a token: the form must not put a refused token back in an address. */
    private static String queryWithoutToken(HttpServerExchange exchange) {
        StringBuilder query = new StringBuilder();
        exchange.getQueryParameters().forEach((name, values) -> {
            if (!name.equals("token")) {
                for (String v : values) {
                    query.append(query.length() == 0 ? "?" : "&").append(encode(name)).append('=').append(encode(v));
                }
            }
        });
        return query.toString();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static String value(FormData form, String name) {
        FormData.FormValue value = form.getFirst(name);
        return value == null || value.isFileItem() ? "" : value.getValue().trim();
    }

    private static Cookie cookie(String name, String value, HttpServerExchange exchange) {
        return new CookieImpl(name, value).setPath("/").setHttpOnly(true).setSameSiteMode("Strict")
                .setSecure(exchange.isSecure());
    }

    private String newSession(Role role) {
        if (sessions.size() >= MAX_SESSIONS) {
            long now = System.nanoTime();
            sessions.values().removeIf(session -> now - session.expiresNanos() > 0);
        }
        String secret = Secrets.random(24);
        sessions.put(secret, new Session(role, System.nanoTime() + SESSION_NANOS));
        return secret;
    }

    private Role sessionRole(String secret) {
        Session session = sessions.get(secret);
        if (session == null) {
            return null;
        }
        if (System.nanoTime() - session.expiresNanos() > 0) {
            sessions.remove(secret);
            return null;
        }
        return session.role();
    }

    /** What went wrong, in words a person understands: the 401 page is what the browser shows. */
    private String refusal(HttpServerExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
        if (header != null && header.length() > MAX_AUTHORIZATION_CHARS) {
            return "The credentials sent are too long to be real.";
        }
        if (header != null && header.startsWith("Basic ")) {
            return "Wrong user name or password for this desktop.";
        }
        if (exchange.getQueryParameters().containsKey("token") || header != null) {
            return "The token in this link is not valid: it was mistyped, or it has expired or been withdrawn. "
                    + "Ask for a new link.";
        }
        if (exchange.getRequestCookie(TOKEN_COOKIE) != null) {
            return "The token this browser remembers is no longer valid: it has expired or been withdrawn. "
                    + "Open the desktop with a new link.";
        }
        return "This desktop needs a password or a token.";
    }

    /** The role the request's credentials carry, or null when they let it in nowhere. */
    private Role authorized(HttpServerExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
        if (header != null && header.length() <= MAX_AUTHORIZATION_CHARS) {
            if (header.startsWith("Basic ") && access.basicUser() != null) {
                return basicMatches(header.substring(6).trim()) ? Role.CONTROL : null;
            }
            if (header.startsWith("Bearer ")) {
                return tokenRole(header.substring(7).trim());
            }
        }
        Deque<String> token = exchange.getQueryParameters().get("token");
        Role role = token == null || token.isEmpty() ? null : tokenRole(token.getFirst());
        if (role != null) {
            // the page's own files and its WebSocket follow without the token in their address
            exchange.setResponseCookie(cookie(TOKEN_COOKIE, token.getFirst(), exchange));
            return role;
        }
        Cookie session = exchange.getRequestCookie(SESSION_COOKIE);
        Role signedIn = session == null ? null : sessionRole(session.getValue());
        if (signedIn != null) {
            return signedIn;
        }
        Cookie cookie = exchange.getRequestCookie(TOKEN_COOKIE);
        return cookie == null ? null : tokenRole(cookie.getValue());
    }

    private boolean basicMatches(String encoded) {
        String pair;
        try {
            pair = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return Secrets.equal(pair, access.basicUser() + ":" + access.basicPassword());
    }

    private Role tokenRole(String token) {
        Role match = null;
        for (Settings.Token known : access.tokens()) {
            if (Secrets.equal(token, known.secret())) { // no early exit: every token costs the same
                match = known.role();
            }
        }
        return match;
    }

    private boolean throttled(String address) {
        Failures f = failures.get(address);
        if (f == null) {
            return false;
        }
        synchronized (f) {
            if (System.nanoTime() - f.since > FAILURE_WINDOW_NANOS) {
                failures.remove(address);
                return false;
            }
            return f.count >= MAX_FAILURES;
        }
    }

    private void fail(String address, String path) {
        onFailure.run();
        Failures f = failures.computeIfAbsent(address, a -> new Failures());
        synchronized (f) {
            if (System.nanoTime() - f.since > FAILURE_WINDOW_NANOS) {
                f.count = 0;
                f.since = System.nanoTime();
            }
            f.count++;
            if (f.count == 1 || f.count == MAX_FAILURES) {
                LOG.warn("Refused {} from {}: no valid credentials ({} failures in the last minute{})", path, address,
                        f.count, f.count == MAX_FAILURES ? "; turning it away for a minute" : "");
            }
        }
    }
}
