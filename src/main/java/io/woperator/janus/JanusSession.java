package io.woperator.janus;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.woperator.protocol.Texts;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One session with Janus over its HTTP API: requests answered at once or by an event, and a long poll, on a thread
 * of its own, that brings the events and keeps the session alive (Janus counts each poll as a keepalive). When Janus
 * stops answering or forgets the session, every handle's listener and the session's are told, once.
 */
final class JanusSession implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JanusSession.class);
    static final String VIDEOROOM = "janus.plugin.videoroom";
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** Janus holds a poll up to 30 s before it answers with a keepalive. */
    private static final Duration POLL_TIMEOUT = Duration.ofSeconds(45);
    private static final AtomicLong TRANSACTIONS = new AtomicLong();

    /** Janus's envelope for every request. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Request(String janus, String transaction, String plugin, Object body, Jsep jsep, Object candidate,
            String apisecret) {
    }

    /** An SDP offer or answer, as Janus carries it. */
    record Jsep(String type, String sdp) {
    }

    private final HttpClient http;
    private final ObjectMapper json;
    private final URI base;
    private final String apiSecret;
    private final long id;
    private final Consumer<String> lost;
    private final Map<String, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final Map<Long, Consumer<JsonNode>> handles = new ConcurrentHashMap<>();
    private final Thread poller;
    private volatile boolean closed;

    private JanusSession(HttpClient http, ObjectMapper json, URI base, String apiSecret, long id,
            Consumer<String> lost, String name) {
        this.http = http;
        this.json = json;
        this.base = base;
        this.apiSecret = apiSecret;
        this.id = id;
        this.lost = lost;
        this.poller = new Thread(this::poll, "woperator-janus-poll-" + name);
        this.poller.setDaemon(true);
    }

    /**
     * Makes a session at the Janus whose HTTP API is at {@code base}.
     *
     * @param lost told, once and on the poll's thread, why the session is gone (not after {@link #close})
     * @param name names the poll's thread
     */
    static JanusSession create(HttpClient http, ObjectMapper json, URI base, String apiSecret, Consumer<String> lost,
            String name) throws JanusException, InterruptedException {
        JsonNode made = post(http, json, base, new Request("create", transaction(), null, null, null, null, apiSecret));
        JanusSession session = new JanusSession(http, json, base, apiSecret, made.path("data").path("id").asLong(),
                lost, name);
        session.poller.start();
        return session;
    }

    /** Attaches a handle to {@code plugin}; {@code events} gets what Janus says of it unasked (webrtcup, hangup…). */
    long attach(String plugin, Consumer<JsonNode> events) throws JanusException, InterruptedException {
        JsonNode made = post(http, json, sessionUri(),
                new Request("attach", transaction(), plugin, null, null, null, apiSecret));
        long handle = made.path("data").path("id").asLong();
        handles.put(handle, events);
        return handle;
    }

    /**
     * Sends a message to a handle's plugin and waits for its answer, given at once or in an event; returns the
     * plugin's data with the event's jsep, if any, under "jsep". A plugin's refusal is a {@link JanusException}.
     */
    JsonNode message(long handle, Map<String, Object> body, Jsep jsep) throws JanusException, InterruptedException {
        String transaction = transaction();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(transaction, answer);
        try {
            JsonNode reply = post(http, json, handleUri(handle),
                    new Request("message", transaction, null, body, jsep, null, apiSecret));
            JsonNode event = "ack".equals(reply.path("janus").asText()) ? await(answer, body) : reply;
            JsonNode data = event.path("plugindata").path("data");
            if (data.has("error_code") || data.has("error")) {
                throw new JanusException(data.path("error_code").asInt(),
                        "Janus refused '" + body.get("request") + "': " + data.path("error").asText());
            }
            if (event.has("jsep") && data.isObject()) {
                ((ObjectNode) data).set("jsep", event.get("jsep"));
            }
            return data;
        } finally {
            pending.remove(transaction);
        }
    }

    /** Hands a candidate of the browser's to a handle; {@code candidate} null says gathering is complete. */
    void trickle(long handle, Map<String, Object> candidate) throws JanusException, InterruptedException {
        post(http, json, handleUri(handle), new Request("trickle", transaction(), null, null, null,
                candidate == null ? Map.of("completed", true) : candidate, apiSecret));
    }

    /** Detaches a handle; Janus closes its connection. */
    void detach(long handle) throws JanusException, InterruptedException {
        handles.remove(handle);
        post(http, json, handleUri(handle), new Request("detach", transaction(), null, null, null, null, apiSecret));
    }

    /** Destroys the session at Janus (what it can: Janus may be gone) and stops polling. */
    @Override
    public void close() throws InterruptedException {
        if (closed) {
            return;
        }
        closed = true;
        poller.interrupt();
        try {
            post(http, json, sessionUri(), new Request("destroy", transaction(), null, null, null, null, apiSecret));
        } catch (JanusException e) {
            LOG.debug("Janus session {}: destroy: {}", id, e.getMessage());
        }
        poller.join(2_000);
    }

    boolean closed() {
        return closed;
    }

    private void poll() {
        String why = null;
        while (!closed && why == null) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(sessionUri() + "?maxev=10"
                    + (apiSecret == null ? "" : "&apisecret=" + URLEncoder.encode(apiSecret, StandardCharsets.UTF_8))))
                    .timeout(POLL_TIMEOUT).GET().build();
            try {
                JsonNode events = parse(json, http.send(request, HttpResponse.BodyHandlers.ofString()));
                for (JsonNode event : events.isArray() ? events : List.of(events)) {
                    why = dispatch(event);
                    if (why != null) {
                        break;
                    }
                }
            } catch (IOException e) {
                why = "Janus at " + describe(base) + " stopped answering: " + reason(e);
            } catch (JanusException e) {
                why = e.code() == JanusException.NO_SUCH_SESSION ? "Janus no longer knows the session (restarted?)"
                        : e.getMessage();
            } catch (InterruptedException e) {
                break;
            }
        }
        if (!closed && why != null) {
            String reason = why;
            pending.values().forEach(answer -> answer.completeExceptionally(new JanusException(reason)));
            lost.accept(reason);
        }
    }

    /** Routes one event: an answer to its request, else to its handle. Returns why the session ended, or null. */
    private String dispatch(JsonNode event) {
        String kind = event.path("janus").asText();
        if (kind.equals("keepalive")) {
            return null;
        }
        if (kind.equals("timeout")) {
            return "Janus let the session time out";
        }
        CompletableFuture<JsonNode> answer = pending.get(event.path("transaction").asText(""));
        if (answer != null && kind.equals("event")) {
            answer.complete(event);
            return null;
        }
        Consumer<JsonNode> listener = handles.get(event.path("sender").asLong());
        if (listener != null) {
            listener.accept(event);
        }
        return null;
    }

    private JsonNode await(CompletableFuture<JsonNode> answer, Map<String, Object> body)
            throws JanusException, InterruptedException {
        try {
            return answer.get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof JanusException janus ? janus : new JanusException(e.getCause().toString());
        } catch (TimeoutException e) {
            throw new JanusException("Janus did not answer '" + body.get("request") + "' within "
                    + REQUEST_TIMEOUT.toSeconds() + " s");
        }
    }

    private URI sessionUri() {
        return URI.create(base + "/" + id);
    }

    private URI handleUri(long handle) {
        return URI.create(base + "/" + id + "/" + handle);
    }

    private static JsonNode post(HttpClient http, ObjectMapper json, URI uri, Request request)
            throws JanusException, InterruptedException {
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(request))).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new JanusException("cannot reach Janus at " + describe(uri) + ": " + reason(e));
        }
        return parse(json, response);
    }

    /** The body as JSON; Janus's "error" answer, or anything but JSON, is a {@link JanusException}. */
    private static JsonNode parse(ObjectMapper json, HttpResponse<String> response) throws JanusException {
        JsonNode body;
        try {
            body = json.readTree(response.body());
        } catch (IOException e) {
            throw new JanusException("Janus answered " + response.statusCode() + " with something not JSON: "
                    + Texts.clip(String.valueOf(response.body()), 80) + " (is --janus-url Janus's HTTP API?)");
        }
        if (body != null && "error".equals(body.path("janus").asText())) {
            JsonNode error = body.path("error");
            int code = error.path("code").asInt();
            String hint = code == 403 ? " (is --janus-api-secret right?)" : "";
            throw new JanusException(code, "Janus answered error " + code + ": " + error.path("reason").asText()
                    + hint);
        }
        if (body == null || body.isMissingNode() || body.isNull()) {
            throw new JanusException("Janus answered " + response.statusCode() + " with nothing");
        }
        return body;
    }

    private static String reason(IOException e) {
        if (e instanceof ConnectException) {
            return "nothing answers there (connection refused)";
        } else if (e instanceof HttpTimeoutException) {
            return "no answer in time";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** An address without its path's session and handle numbers, for the log. */
    static String describe(URI uri) {
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }

    private static String transaction() {
        return Long.toString(TRANSACTIONS.incrementAndGet(), 36);
    }
}
