package io.woperator.whep;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import io.undertow.util.StatusCodes;
import io.woperator.access.Origins;
import io.woperator.platform.LogBudget;
import io.woperator.protocol.IceServer;
import io.woperator.protocol.Texts;
import io.woperator.rtc.PeerException;
import io.woperator.rtc.RtcEngine;
import io.woperator.rtc.WhepPeer;
import io.woperator.session.ViewerRegistry;
import io.woperator.stream.Stream;
import io.woperator.stream.StreamRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WHEP playback (the WebRTC-HTTP Egress Protocol): any WHEP player watches a stream. {@code POST /whep/{stream}}
 * with the player's offer ({@code application/sdp}) answers {@code 201 Created} with the session's address in
 * {@code Location}, the answer (candidates included) and the STUN and TURN servers in {@code Link} headers;
 * {@code PATCH} on the session adds the player's trickled candidates ({@code application/trickle-ice-sdpfrag}),
 * {@code DELETE} ends it. Credentials are the viewer's (AccessGuard: {@code Authorization: Bearer} a token), and a
 * WHEP player only watches. Browsers' pages from other origins may call it when {@code --allowed-origins} lists
 * them (CORS); tools that send no Origin always may.
 */
public final class WhepEndpoint implements HttpHandler {

    public static final String PATH = "/whep";
    /** A player that has not connected this long after its answer is let go: its address is taken back. */
    static final long CONNECT_TIMEOUT_SECONDS = 30;
    private static final long ANSWER_TIMEOUT_SECONDS = 10;
    private static final String SDP = "application/sdp";
    private static final String SDP_FRAGMENT = "application/trickle-ice-sdpfrag";
    private static final HttpString LINK = new HttpString("Link");
    private static final HttpString ACCEPT_PATCH = new HttpString("Accept-Patch");
    private static final HttpString ACCEPT_POST = new HttpString("Accept-Post");
    private static final HttpString ALLOW_ORIGIN = new HttpString("Access-Control-Allow-Origin");
    private static final HttpString ALLOW_METHODS = new HttpString("Access-Control-Allow-Methods");
    private static final HttpString ALLOW_HEADERS = new HttpString("Access-Control-Allow-Headers");
    private static final HttpString EXPOSE_HEADERS = new HttpString("Access-Control-Expose-Headers");
    private static final HttpString MAX_AGE = new HttpString("Access-Control-Max-Age");
    private static final Logger LOG = LoggerFactory.getLogger(WhepEndpoint.class);

    private final StreamRegistry streams;
    private final RtcEngine rtc;
    private final Set<String> allowedOrigins;
    private final int maxOfferBytes;
    private final ScheduledExecutorService timer;
    private final LogBudget refusals = new LogBudget(LOG, "refused WHEP requests", 30);
    private final Map<String, WhepSession> sessions = new ConcurrentHashMap<>();
    private final AtomicLong made = new AtomicLong();
    private final SecureRandom random = new SecureRandom();

    /**
     * @param allowedOrigins other sites whose pages may call it (the server's own always may)
     * @param maxOfferBytes  the largest offer or candidate fragment taken
     * @param timer          lets go of players that never connect
     */
    public WhepEndpoint(StreamRegistry streams, RtcEngine rtc, List<String> allowedOrigins, int maxOfferBytes,
            ScheduledExecutorService timer) {
        this.streams = streams;
        this.rtc = rtc;
        this.allowedOrigins = Set.copyOf(allowedOrigins);
        this.maxOfferBytes = maxOfferBytes;
        this.timer = timer;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (exchange.isInIoThread()) {
            exchange.dispatch(this); // bodies are read, and answers awaited, with blocking calls
            return;
        }
        String[] path = exchange.getRelativePath().replaceFirst("^/", "").split("/", -1);
        if (path.length > 2 || path[0].isEmpty() || (path.length == 2 && path[1].isEmpty())) {
            refuse(exchange, StatusCodes.NOT_FOUND, "no such WHEP address: use /whep/{stream}");
            return;
        }
        boolean session = path.length == 2;
        String origin = exchange.getRequestHeaders().getFirst(Headers.ORIGIN);
        boolean originAllowed = Origins.allowed(exchange, allowedOrigins);
        if (originAllowed && origin != null) {
            HeaderMap headers = exchange.getResponseHeaders();
            headers.put(ALLOW_ORIGIN, origin);
            headers.put(Headers.VARY, "Origin");
            headers.put(EXPOSE_HEADERS, "Location, Link, Accept-Patch, Accept-Post");
        }
        HttpString method = exchange.getRequestMethod();
        if (method.equals(Methods.OPTIONS)) {
            preflight(exchange, session, originAllowed);
            return;
        }
        if (!originAllowed) {
            refuse(exchange, StatusCodes.FORBIDDEN, "pages from " + Texts.clip(origin, 80)
                    + " may not play streams here (--allowed-origins)");
            return;
        }
        if (!session && method.equals(Methods.POST)) {
            open(exchange, path[0]);
        } else if (session && method.equals(Methods.PATCH)) {
            trickle(exchange, path[0], path[1]);
        } else if (session && method.equals(Methods.DELETE)) {
            delete(exchange, path[0], path[1]);
        } else {
            exchange.getResponseHeaders().put(Headers.ALLOW, session ? "OPTIONS, PATCH, DELETE" : "OPTIONS, POST");
            refuse(exchange, StatusCodes.METHOD_NOT_ALLOWED, method + " is not a WHEP request here");
        }
    }

    /** Ends every session: the server is shutting down. */
    public void close() {
        sessions.values().forEach(s -> s.end("the server is shutting down"));
    }

    private void preflight(HttpServerExchange exchange, boolean session, boolean originAllowed) {
        HeaderMap headers = exchange.getResponseHeaders();
        if (originAllowed) {
            headers.put(ALLOW_METHODS, session ? "OPTIONS, PATCH, DELETE" : "OPTIONS, POST");
            headers.put(ALLOW_HEADERS, "Authorization, Content-Type, If-Match");
            headers.put(MAX_AGE, "600");
        }
        if (session) {
            headers.put(ACCEPT_PATCH, SDP_FRAGMENT);
        } else {
            headers.put(ACCEPT_POST, SDP);
        }
        exchange.setStatusCode(StatusCodes.NO_CONTENT);
        exchange.endExchange();
    }

    private void open(HttpServerExchange exchange, String streamId) throws IOException {
        if (!hasType(exchange, SDP)) {
            refuse(exchange, StatusCodes.UNSUPPORTED_MEDIA_TYPE, "the offer must be sent as " + SDP);
            return;
        }
        Stream stream = streams.find(streamId);
        if (stream == null) {
            refuse(exchange, StatusCodes.NOT_FOUND, "no stream named '" + Texts.clip(streamId, 64) + "'");
            return;
        }
        String offer = body(exchange);
        if (offer == null) {
            return;
        }
        if (!offer.startsWith("v=0")) {
            refuse(exchange, StatusCodes.BAD_REQUEST, "the body is not an SDP offer (it must start with v=0)");
            return;
        }
        WhepPeer.OfferedMedia offered = WhepPeer.OfferedMedia.of(offer);
        if (!offered.any()) {
            refuse(exchange, StatusCodes.BAD_REQUEST, "the offer has no audio or video section (with a mid) to fill");
            return;
        }
        String id = "whep" + made.incrementAndGet();
        String resource = HexFormat.of().formatHex(bytes(16));
        WhepSession session = new WhepSession(id, resource, stream, offered,
                ended -> sessions.remove(ended.resource(), ended));
        List<IceServer> servers = rtc.iceServers().forViewer(id);
        ViewerRegistry.Join joined;
        try {
            joined = session.join(events -> rtc.createWhepPeer(stream.tracks(), events, servers));
        } catch (RuntimeException e) {
            LOG.error("WHEP viewer {}: could not make a peer connection", id, e);
            session.end("no peer connection");
            refuse(exchange, StatusCodes.INTERNAL_SERVER_ERROR, "the server could not set up the stream");
            return;
        }
        if (joined != ViewerRegistry.Join.JOINED) {
            exchange.getResponseHeaders().put(Headers.RETRY_AFTER, "30");
            refuse(exchange, StatusCodes.SERVICE_UNAVAILABLE, joined == ViewerRegistry.Join.FULL
                    ? "this stream has as many viewers as it allows; try again later"
                    : "the stream '" + stream.id() + "' is stopped");
            return;
        }
        sessions.put(resource, session);
        String answer;
        try {
            answer = session.peer().answer(offer).get(ANSWER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            session.peer().remoteDescriptionApplied();
        } catch (ExecutionException e) {
            session.end("its offer was refused");
            Throwable cause = e.getCause();
            while (cause instanceof CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            // libwebrtc's reason, as SessionDescriptions words it ("the offer was refused: …")
            refuse(exchange, StatusCodes.BAD_REQUEST, Texts.clip(String.valueOf(cause.getMessage()), 240));
            return;
        } catch (TimeoutException e) {
            session.end("no answer in time");
            refuse(exchange, StatusCodes.INTERNAL_SERVER_ERROR, "the server could not answer in time");
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            session.end("interrupted");
            refuse(exchange, StatusCodes.SERVICE_UNAVAILABLE, "the server is shutting down");
            return;
        }
        session.letGoUnlessConnectedWithin(timer, CONNECT_TIMEOUT_SECONDS);
        LOG.info("WHEP viewer {} ({}) watches stream {}", id, address(exchange), stream.id());
        HeaderMap headers = exchange.getResponseHeaders();
        headers.put(Headers.LOCATION, PATH + "/" + stream.id() + "/" + resource);
        headers.put(Headers.CONTENT_TYPE, SDP);
        headers.put(ACCEPT_PATCH, SDP_FRAGMENT);
        headers.addAll(LINK, IceServerLinks.of(servers));
        exchange.setStatusCode(StatusCodes.CREATED);
        exchange.getResponseSender().send(answer, StandardCharsets.UTF_8);
    }

    private void trickle(HttpServerExchange exchange, String streamId, String resource) throws IOException {
        WhepSession session = session(exchange, streamId, resource);
        if (session == null) {
            return;
        }
        if (!hasType(exchange, SDP_FRAGMENT)) {
            refuse(exchange, StatusCodes.UNSUPPORTED_MEDIA_TYPE, "candidates must be sent as " + SDP_FRAGMENT);
            return;
        }
        String body = body(exchange);
        if (body == null) {
            return;
        }
        try {
            session.trickle(SdpFragment.parse(body));
        } catch (IllegalStateException e) {
            refuse(exchange, StatusCodes.UNPROCESSABLE_ENTITY, e.getMessage());
            return;
        } catch (IllegalArgumentException | PeerException e) {
            refuse(exchange, StatusCodes.BAD_REQUEST, "the candidates were refused: " + e.getMessage());
            return;
        }
        exchange.setStatusCode(StatusCodes.NO_CONTENT);
        exchange.endExchange();
    }

    private void delete(HttpServerExchange exchange, String streamId, String resource) {
        WhepSession session = session(exchange, streamId, resource);
        if (session == null) {
            return;
        }
        session.end("the player ended it");
        exchange.setStatusCode(StatusCodes.OK);
        exchange.endExchange();
    }

    private WhepSession session(HttpServerExchange exchange, String streamId, String resource) {
        WhepSession session = sessions.get(resource);
        if (session == null || !session.stream().id().equals(streamId)) {
            refuse(exchange, StatusCodes.NOT_FOUND, "no such WHEP session (it ended, or never was)");
            return null;
        }
        return session;
    }

    /** The request's body, or null after answering 413 when it is larger than an offer may be. */
    private String body(HttpServerExchange exchange) throws IOException {
        exchange.startBlocking();
        byte[] bytes;
        try (InputStream in = exchange.getInputStream()) {
            bytes = in.readNBytes(maxOfferBytes + 1);
        }
        if (bytes.length > maxOfferBytes) {
            refuse(exchange, StatusCodes.REQUEST_ENTITY_TOO_LARGE, "the body is larger than " + maxOfferBytes
                    + " bytes (--max-message-size)");
            return null;
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static boolean hasType(HttpServerExchange exchange, String type) {
        String header = exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
        return header != null && header.split(";", 2)[0].strip().toLowerCase(Locale.ROOT).equals(type);
    }

    private void refuse(HttpServerExchange exchange, int status, String why) {
        refusals.note(() -> LOG.warn("WHEP {} {} from {}: {} {}", exchange.getRequestMethod(),
                Texts.clip(exchange.getRequestPath(), 100), address(exchange), status, why));
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=UTF-8");
        exchange.getResponseSender().send(why, StandardCharsets.UTF_8);
    }

    private static String address(HttpServerExchange exchange) {
        return exchange.getSourceAddress().getAddress().getHostAddress();
    }

    private byte[] bytes(int count) {
        byte[] bytes = new byte[count];
        random.nextBytes(bytes);
        return bytes;
    }
}
