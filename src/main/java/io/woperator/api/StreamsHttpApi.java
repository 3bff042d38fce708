package io.woperator.api;

import io.undertow.Handlers;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import io.undertow.util.StatusCodes;
import io.woperator.access.AccessGuard;
import io.woperator.config.Role;
import io.woperator.platform.LogBudget;
import io.woperator.protocol.JsonCodec;
import io.woperator.protocol.StreamSpec;
import io.woperator.protocol.StreamsApiMessage;
import io.woperator.protocol.Texts;
import io.woperator.stream.Stream;
import io.woperator.stream.StreamException;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Deque;
import java.util.concurrent.Executor;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The door to the streams API, /api/streams and below, for admins only (or, on a server that asks no
 * credentials, for this machine only): a WebSocket upgrade goes to {@link StreamsApiSocket}; plain HTTP is
 * <pre>
 *   GET    /api/streams                 → 200 [info...]
 *   GET    /api/streams/{id}            → 200 info
 *   POST   /api/streams                 → 201 info       (body: {id, description, source}, as createStream's payload)
 *   POST   /api/streams/{id}/start      → 200 info
 *   POST   /api/streams/{id}/stop       → 200 info
 *   DELETE /api/streams/{id}[?force=true] → 200 info
 *   POST   /api/streams/{id}/recording[?format=webm|mp4] → 200 recording   (starts recording it)
 *   DELETE /api/streams/{id}/recording  → 200 recording   (stops, with the file's size)
 *   POST   /api/streams/{id}/whip       → 200 publishing  (body: {url, token}: publishes it to that WHIP endpoint)
 *   GET    /api/streams/{id}/whip       → 200 publishing  (how it goes: connecting, publishing, retrying)
 *   DELETE /api/streams/{id}/whip       → 200 publishing  (stops, ending the session at the endpoint)
 *   GET    /api/recordings              → 200 [file...]   (newest first)
 *   GET    /api/recordings/{file}       → 200 the file
 * </pre>
 * Errors are {@code {"type":"error","code":...,"message":...}} with 400, 403, 404, 405, 409, 413, 422, 500 or 503.
 */
public final class StreamsHttpApi implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(StreamsHttpApi.class);
    public static final String PATH = "/api/streams";
    public static final String RECORDINGS_PATH = "/api/recordings";
    private static final Pattern ONE = Pattern.compile("/api/streams/([^/]+)(?:/(start|stop|recording|whip))?/?");
    private static final Pattern RECORDING = Pattern.compile("/api/recordings/([^/]+)");
    private final LogBudget refusals = new LogBudget(LOG, "refused streams API requests over HTTP", 30);

    private final StreamsApi api;
    private final boolean credentialsRequired;
    private final int maxBodyBytes;
    private final Executor worker;
    private final HttpHandler socket;
    private final JsonCodec<StreamSpec> specs = new JsonCodec<>(StreamSpec.class);
    private final JsonCodec<WhipTarget> whipTargets = new JsonCodec<>(WhipTarget.class);

    /** The body of POST /api/streams/{id}/whip: the endpoint, and its bearer token if it asks one. */
    record WhipTarget(String url, String token) {
    }

    /**
     * @param credentialsRequired whether the server asks for credentials at all (if not, only this machine may in)
     * @param worker              where requests run: stopping a stream waits for its viewers to go
     */
    public StreamsHttpApi(StreamsApi api, boolean credentialsRequired, int maxBodyBytes, Executor worker,
            StreamsApiSocket socket) {
        this.api = api;
        this.credentialsRequired = credentialsRequired;
        this.maxBodyBytes = maxBodyBytes;
        this.worker = worker;
        this.socket = Handlers.websocket(socket);
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        String refusal = refusal(exchange);
        if (refusal != null) {
            refusals.note(() -> LOG.warn("Refused {} {} from {}: {}", exchange.getRequestMethod(),
                    Texts.clip(exchange.getRequestPath(), 80), exchange.getSourceAddress().getAddress().getHostAddress(),
                    refusal));
            reply(exchange, StatusCodes.FORBIDDEN, api.encode(new StreamsApiMessage.Error("forbidden", refusal)));
            return;
        }
        String upgrade = exchange.getRequestHeaders().getFirst(Headers.UPGRADE);
        if (upgrade != null && upgrade.equalsIgnoreCase("websocket")) {
            socket.handleRequest(exchange);
            return;
        }
        String path = exchange.getRequestPath();
        if (path.startsWith(RECORDINGS_PATH)) {
            recordings(exchange, path);
            return;
        }
        if (path.equals(PATH) || path.equals(PATH + "/")) {
            if (exchange.getRequestMethod().equals(Methods.GET)) {
                run(exchange, StatusCodes.OK, new StreamsApiMessage.GetStreams());
            } else if (exchange.getRequestMethod().equals(Methods.POST)) {
                exchange.setMaxEntitySize(maxBodyBytes);
                exchange.getRequestReceiver().receiveFullString((ex, body) -> ex.dispatch(worker, () -> create(ex, body)),
                        (ex, error) -> fail(ex, new StreamException(StreamException.Code.MESSAGE_TOO_LARGE,
                                "the body could not be read, or is over " + maxBodyBytes + " bytes")),
                        StandardCharsets.UTF_8);
            } else {
                notAllowed(exchange, "GET, POST");
            }
            return;
        }
        Matcher m = ONE.matcher(path);
        if (!m.matches()) {
            fail(exchange, new StreamException(StreamException.Code.UNKNOWN_STREAM, "no such resource: "
                    + Texts.clip(path, 80)));
            return;
        }
        String id = m.group(1);
        String action = m.group(2);
        StreamsApiMessage.StreamRef ref = new StreamsApiMessage.StreamRef(id, forced(exchange));
        if ("recording".equals(action)) {
            if (exchange.getRequestMethod().equals(Methods.POST)) {
                Deque<String> format = exchange.getQueryParameters().get("format");
                StreamsApiMessage.RecordingRef recording;
                try {
                    recording = new StreamsApiMessage.RecordingRef(id, format == null || format.isEmpty() ? null
                            : format.getFirst());
                } catch (IllegalArgumentException e) {
                    fail(exchange, new StreamException(StreamException.Code.INVALID_MESSAGE,
                            "?format= is webm or mp4, not '" + Texts.clip(format.getFirst(), 40) + "'"));
                    return;
                }
                run(exchange, StatusCodes.OK, new StreamsApiMessage.StartRecording(recording));
            } else if (exchange.getRequestMethod().equals(Methods.DELETE)) {
                run(exchange, StatusCodes.OK, new StreamsApiMessage.StopRecording(ref));
            } else {
                notAllowed(exchange, "POST, DELETE");
            }
        } else if ("whip".equals(action)) {
            if (exchange.getRequestMethod().equals(Methods.POST)) {
                exchange.setMaxEntitySize(maxBodyBytes);
                exchange.getRequestReceiver().receiveFullString((ex, body) -> ex.dispatch(worker,
                        () -> publish(ex, id, body)), (ex, error) -> fail(ex, new StreamException(
                                StreamException.Code.MESSAGE_TOO_LARGE, "the body could not be read, or is over "
                                + maxBodyBytes + " bytes")), StandardCharsets.UTF_8);
            } else if (exchange.getRequestMethod().equals(Methods.DELETE)) {
                run(exchange, StatusCodes.OK, new StreamsApiMessage.StopPublishing(ref));
            } else if (exchange.getRequestMethod().equals(Methods.GET)) {
                run(exchange, StatusCodes.OK, new StreamsApiMessage.GetPublishing(ref));
            } else {
                notAllowed(exchange, "GET, POST, DELETE");
            }
        } else if (action != null) {
            if (!exchange.getRequestMethod().equals(Methods.POST)) {
                notAllowed(exchange, "POST");
            } else {
                run(exchange, StatusCodes.OK, action.equals("start") ? new StreamsApiMessage.StartStream(ref)
                        : new StreamsApiMessage.StopStream(ref));
            }
        } else if (exchange.getRequestMethod().equals(Methods.DELETE)) {
            run(exchange, StatusCodes.OK, new StreamsApiMessage.DeleteStream(ref));
        } else if (exchange.getRequestMethod().equals(Methods.GET)) {
            Stream stream = api.streams().find(id);
            if (stream == null) {
                fail(exchange, new StreamException(StreamException.Code.UNKNOWN_STREAM, "no stream named '"
                        + Texts.clip(id, 80) + "'"));
            } else {
                reply(exchange, StatusCodes.OK, api.encodePayload(stream.info()));
            }
        } else {
            notAllowed(exchange, "GET, DELETE");
        }
    }

    /** The recordings' list, or one recording's file. */
    private void recordings(HttpServerExchange exchange, String path) {
        if (!exchange.getRequestMethod().equals(Methods.GET)) {
            notAllowed(exchange, "GET");
            return;
        }
        if (path.equals(RECORDINGS_PATH) || path.equals(RECORDINGS_PATH + "/")) {
            run(exchange, StatusCodes.OK, new StreamsApiMessage.GetRecordings());
            return;
        }
        Matcher m = RECORDING.matcher(path);
        Path file = m.matches() ? api.recordings().file(m.group(1)) : null;
        if (file == null) {
            fail(exchange, new StreamException(StreamException.Code.UNKNOWN_RECORDING, "no recording named '"
                    + Texts.clip(m.matches() ? m.group(1) : path, 80) + "'"));
            return;
        }
        if (exchange.isInIoThread()) {
            exchange.dispatch(worker, () -> download(exchange, file));
        } else {
            download(exchange, file);
        }
    }

    private void download(HttpServerExchange exchange, Path file) {
        try {
            exchange.startBlocking();
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, file.toString().endsWith(".mp4") ? "video/mp4"
                    : "video/webm");
            exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, Files.size(file));
            exchange.getResponseHeaders().put(Headers.CONTENT_DISPOSITION, "attachment; filename=\""
                    + file.getFileName() + "\"");
            Files.copy(file, exchange.getOutputStream());
            exchange.endExchange();
        } catch (IOException e) {
            LOG.warn("Sending recording {} failed: {}", file.getFileName(), e.getMessage());
            exchange.endExchange();
        }
    }

    /** Why this request may not use the API, or null when it may. */
    private String refusal(HttpServerExchange exchange) {
        Role role = exchange.getAttachment(AccessGuard.ROLE);
        if (credentialsRequired) {
            return role == Role.ADMIN ? null : "the streams API needs an admin token (--token SECRET:admin)";
        }
        InetAddress from = exchange.getSourceAddress().getAddress();
        return from.isLoopbackAddress() ? null : "this server asks no credentials, so its streams API answers only "
                + "this machine; give an admin token (--token SECRET:admin) to use it from elsewhere";
    }

    private void create(HttpServerExchange exchange, String body) {
        StreamSpec spec;
        try {
            spec = specs.decode(body);
        } catch (JsonCodec.DecodeException e) {
            fail(exchange, new StreamException(e.failure() == JsonCodec.Failure.MALFORMED_JSON
                    ? StreamException.Code.MALFORMED_JSON : StreamException.Code.INVALID_STREAM, e.getMessage()));
            return;
        }
        run(exchange, StatusCodes.CREATED, new StreamsApiMessage.CreateStream(spec));
    }

    private void publish(HttpServerExchange exchange, String id, String body) {
        StreamsApiMessage.PublishingTarget target;
        try {
            WhipTarget given = whipTargets.decode(body);
            target = new StreamsApiMessage.PublishingTarget(id, given.url(), given.token());
        } catch (JsonCodec.DecodeException e) {
            fail(exchange, new StreamException(e.failure() == JsonCodec.Failure.MALFORMED_JSON
                    ? StreamException.Code.MALFORMED_JSON : StreamException.Code.INVALID_MESSAGE, e.getMessage()));
            return;
        } catch (IllegalArgumentException e) {
            fail(exchange, new StreamException(StreamException.Code.INVALID_MESSAGE, "the body is {\"url\": the WHIP "
                    + "endpoint, \"token\": its bearer token if it asks one}: " + e.getMessage()));
            return;
        }
        run(exchange, StatusCodes.OK, new StreamsApiMessage.StartPublishing(target));
    }

    /** Runs the request off the I/O thread and answers with the payload of its reply. */
    private void run(HttpServerExchange exchange, int status, StreamsApiMessage.Request request) {
        if (exchange.isInIoThread()) {
            exchange.dispatch(worker, () -> run(exchange, status, request));
            return;
        }
        try {
            reply(exchange, status, api.encodePayload(api.handle(request).payload()));
            LOG.info("Streams API over HTTP: {} {} → {}", exchange.getRequestMethod(), exchange.getRequestPath(),
                    status);
        } catch (StreamException e) {
            fail(exchange, e);
        }
    }

    private void fail(HttpServerExchange exchange, StreamException e) {
        refusals.note(() -> LOG.warn("Streams API over HTTP: {} {}: {}: {}", exchange.getRequestMethod(),
                Texts.clip(exchange.getRequestPath(), 80), e.code().wireName(), Texts.clip(e.getMessage(), 300)));
        reply(exchange, e.code().httpStatus(), api.encode(StreamsApi.error(e)));
    }

    private void notAllowed(HttpServerExchange exchange, String allowed) {
        exchange.getResponseHeaders().put(Headers.ALLOW, allowed);
        reply(exchange, StatusCodes.METHOD_NOT_ALLOWED, api.encode(new StreamsApiMessage.Error("method-not-allowed",
                exchange.getRequestMethod() + " is not allowed here; use " + allowed)));
    }

    private static boolean forced(HttpServerExchange exchange) {
        Deque<String> force = exchange.getQueryParameters().get("force");
        return force != null && !force.isEmpty() && force.getFirst().equals("true");
    }

    private static void reply(HttpServerExchange exchange, int status, String json) {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        exchange.getResponseSender().send(json, StandardCharsets.UTF_8);
    }
}
