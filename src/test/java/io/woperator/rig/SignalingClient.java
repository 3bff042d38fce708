package io.woperator.rig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A raw WebSocket to /ws (or another WebSocket path, such as the streams API) for sending what no browser would:
 * the messages and the close it gets back. On /ws it says hello first, as the viewer does.
 */
public final class SignalingClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * One HTTP client for every socket: each client has a selector thread of its own, and a test that opens
     * thousands of sockets (FuzzIT, HostileSignalingIT) would otherwise spend a core of the machine on them.
     */
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final WebSocket socket;
    private final BlockingQueue<String> messages;
    private final CompletableFuture<Integer> closeCode;

    private SignalingClient(WebSocket socket, BlockingQueue<String> messages, CompletableFuture<Integer> closeCode) {
        this.socket = socket;
        this.messages = messages;
        this.closeCode = closeCode;
    }

    public static SignalingClient connect(int port) {
        return connect(port, null);
    }

    /** Connects with {@code Authorization: Bearer token} (null: no credentials). */
    public static SignalingClient connect(int port, String token) {
        return connect(port, "/ws", token);
    }

    /** Connects to {@code path} (with its query) with {@code Authorization: Bearer token} (null: none). */
    public static SignalingClient connect(int port, String path, String token) {
        SignalingClient client = open(port, path, token);
        if (path.startsWith("/ws")) {
            try {
                client.send("{\"type\":\"hello\"}");
            } catch (CompletionException e) {
                // a server that refuses at once (a hub asked for a sender it does not have) may have closed the
                // socket before hello went out: what it said and its close code are still there to read
                if (!(e.getCause() instanceof IOException)) {
                    throw e;
                }
            }
        }
        return client;
    }

    /** A socket to /ws that has not said hello (and says nothing unless told to). */
    public static SignalingClient connectSilently(int port) {
        return open(port, "/ws", null);
    }

    private static SignalingClient open(int port, String path, String token) {
        BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        CompletableFuture<Integer> closeCode = new CompletableFuture<>();
        WebSocket.Builder builder = HTTP.newWebSocketBuilder();
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        WebSocket socket = builder
                .buildAsync(URI.create("ws://127.0.0.1:" + port + path), new WebSocket.Listener() {
                    private final StringBuilder partial = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            messages.add(partial.toString());
                            partial.setLength(0);
                        }
                        ws.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
                        closeCode.complete(statusCode);
                        return null;
                    }

                    @Override
                    public void onError(WebSocket ws, Throwable error) {
                        closeCode.complete(-1);
                    }
                }).join();
        return new SignalingClient(socket, messages, closeCode);
    }

    public void send(String text) {
        socket.sendText(text, true).join();
    }

    public void sendBinary(byte[] data) {
        socket.sendBinary(ByteBuffer.wrap(data), true).join();
    }

    /** The next message whose type is {@code type}, skipping others (candidates and the like). */
    public String next(String type, Duration timeout) throws InterruptedException {
        String message = poll(type, timeout);
        if (message == null) {
            throw new AssertionError("no '" + type + "' message within " + timeout);
        }
        return message;
    }

    /** As {@link #next}, or null when none comes in time. */
    public String poll(String type, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            String message = left > 0 ? messages.poll(left, TimeUnit.NANOSECONDS) : null;
            if (message == null || message.contains("\"type\":\"" + type + "\"")) {
                return message;
            }
        }
    }

    /** On the streams API: the figures of stream {@code id} from the next 'stats' message sent after now. */
    public JsonNode nextStats(String id) throws Exception {
        skipPending();
        for (JsonNode entry : JSON.readTree(next("stats", Duration.ofSeconds(3))).get("payload")) {
            if (entry.get("id").asText().equals(id)) {
                return entry;
            }
        }
        throw new AssertionError("no stats for " + id);
    }

    /** Forgets the messages received so far: the next {@link #next} waits for one that comes after now. */
    public void skipPending() {
        messages.clear();
    }

    /** The close code the server sent, waiting up to the timeout. */
    public int closeCode(Duration timeout) throws Exception {
        return closeCode.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        socket.abort();
    }
}
