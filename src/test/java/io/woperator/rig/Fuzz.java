package io.woperator.rig;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;

/**
 * Malformed input for each door of the server, as a broken or hostile client sends it, from a seeded random
 * source (a failure can be run again): the signaling WebSocket, the streams API's WebSocket, and plain HTTP on
 * every endpoint with bad request lines, headers and bodies. Each method sends {@code count} and returns how many
 * the server answered (an error message, an HTTP status, or closing the connection as it should).
 */
public final class Fuzz {
    private static final String[] PATHS = {"/", "/index.html", "/ws", "/api/streams", "/api/streams/desktop/start",
        "/files", "/files/x", "/healthz", "/metrics", "/signin", "/js/main.js", "/%2e%2e/%2e%2e/etc/passwd"};
    private static final String[] METHODS = {"GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "BREW", "G\u00c9T"};

    private final int port;
    private final Random random;

    public Fuzz(int port, long seed) {
        this.port = port;
        this.random = new Random(seed);
    }

    /** A text that is no valid message: broken JSON, wrong types, unknown types, odd Unicode, deep nesting. */
    String badMessage() {
        return switch (random.nextInt(10)) {
            case 0 -> "{nope";
            case 1 -> "{\"type\":\"launch-missiles\"}";
            case 2 -> "{\"type\":\"answer\",\"sdp\":" + random.nextInt() + "}";
            case 3 -> "{\"type\":\"candidate\",\"candidate\":null,\"sdpMLineIndex\":-7}";
            case 4 -> "[" + "[".repeat(random.nextInt(2000)) + "]";
            case 5 -> "{\"type\":\"quality\",\"fps\":1e308,\"scale\":\"\\ud800\"}";
            case 6 -> "\u0000\u0001\u00ff" + randomText(64);
            case 7 -> "{\"type\":\"grant-control\",\"viewerId\":\"" + "v".repeat(random.nextInt(5000)) + "\"}";
            case 8 -> "{\"type\":\"createStream\",\"payload\":{\"id\":\"../../x\",\"source\":{\"kind\":\"x11\"}}}";
            default -> randomText(1 + random.nextInt(300));
        };
    }

    /**
     * Bad messages on /ws: sockets that say them before hello (nothing is set up for those), and one in
     * {@code joinEvery} that says hello first, so that the handlers past it get them too.
     */
    public int signaling(int count, int joinEvery) throws InterruptedException {
        return signaling(count, joinEvery, Duration.ZERO);
    }

    /** As {@link #signaling(int, int)}, a message every {@code pause} on each socket. */
    public int signaling(int count, int joinEvery, Duration pause) throws InterruptedException {
        int answered = 0;
        int sent = 0;
        for (int socket = 0; sent < count; socket++) {
            boolean join = joinEvery > 0 && socket % joinEvery == 0;
            try (SignalingClient client = join ? SignalingClient.connect(port) : SignalingClient.connectSilently(port)) {
                // the server ends a connection at its 20th bad message
                int batch = Math.min(19, count - sent);
                for (int i = 0; i < batch; i++) {
                    client.send(badMessage());
                    if (!pause.isZero()) {
                        Thread.sleep(pause.toMillis()); // the attacker's pace, not a wait for the server
                    }
                }
                sent += batch;
                for (int i = 0; i < batch; i++) {
                    if (client.poll("error", Duration.ofSeconds(2)) == null) {
                        break;
                    }
                    answered++;
                }
            }
        }
        return answered;
    }

    /** Bad messages on the streams API's WebSocket, all on one connection. */
    public int streamsApi(int count) throws InterruptedException {
        int answered = 0;
        try (SignalingClient api = SignalingClient.connect(port, "/api/streams", null)) {
            for (int i = 0; i < count; i++) {
                api.send(badMessage());
            }
            for (int i = 0; i < count; i++) {
                if (api.poll("error", Duration.ofSeconds(5)) == null) {
                    break;
                }
                answered++;
            }
        }
        return answered;
    }

    /** Bad HTTP requests on every endpoint, each on its own connection; answered: a status line, or a close. */
    public int http(int count) throws IOException {
        int answered = 0;
        for (int i = 0; i < count; i++) {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.setSoTimeout(15_000);
                OutputStream out = socket.getOutputStream();
                out.write(badRequest().getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                socket.shutdownOutput();
                InputStream in = socket.getInputStream();
                byte[] start = in.readNBytes(12);
                String status = new String(start, StandardCharsets.ISO_8859_1);
                if (status.isEmpty() || status.startsWith("HTTP/1.1 ")) {
                    answered++;
                }
                in.skip(Long.MAX_VALUE);
            } catch (SocketTimeoutException e) {
                // not answered within 15 s: counted as such
            }
        }
        return answered;
    }

    private String badRequest() {
        String method = METHODS[random.nextInt(METHODS.length)];
        String path = PATHS[random.nextInt(PATHS.length)];
        StringBuilder request = new StringBuilder();
        switch (random.nextInt(6)) {
            case 0 -> request.append(method).append(' ').append(path).append(" HTTP/1.1\r\n");
            case 1 -> request.append(method).append(' ').append(path).append('?').append(randomText(200))
                    .append(" HTTP/1.1\r\n");
            case 2 -> request.append(randomText(100)).append("\r\n");
            case 3 -> request.append(method).append(' ').append(path).append(" HTTP/9.9\r\n");
            case 4 -> request.append(method).append(' ').append("/".repeat(1 + random.nextInt(9000)))
                    .append(" HTTP/1.1\r\n");
            default -> request.append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                    .append("Transfer-Encoding: chunked\r\nContent-Length: 5\r\n");
        }
        request.append("Host: 127.0.0.1\r\n");
        switch (random.nextInt(6)) {
            case 0 -> request.append("Authorization: Bearer ").append(randomText(300)).append("\r\n");
            case 1 -> request.append("Authorization: Basic ").append("=".repeat(random.nextInt(100))).append("\r\n");
            case 2 -> request.append("Cookie: woperator_session=").append(randomText(80)).append("\r\n");
            case 3 -> request.append("Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 99\r\n");
            case 4 -> request.append("X-").append(randomText(20).replace(':', 'x')).append(": ")
                    .append("y".repeat(random.nextInt(20_000))).append("\r\n");
            default -> request.append("Content-Type: application/json\r\n");
        }
        String body = random.nextBoolean() ? badMessage() : randomText(random.nextInt(500));
        request.append("Content-Length: ").append(body.length()).append("\r\nConnection: close\r\n\r\n").append(body);
        return request.toString();
    }

    private String randomText(int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append((char) (random.nextBoolean() ? 32 + random.nextInt(95) : random.nextInt(256)));
        }
        return text.toString();
    }
}
