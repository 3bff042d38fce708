package io.woperator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.woperator.rig.MediaFile;
import io.woperator.rig.PulseAudioServer;
import io.woperator.rig.TestDesktopProcess;
import io.woperator.rig.Wait;
import io.woperator.rig.WhipEndpointProcess;
import io.woperator.rig.WoperatorServer;
import io.woperator.rig.XvfbDisplay;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Publishing a stream to a WHIP endpoint that is not ours (Eyevinn's, from npm, on node-webrtc), which decodes what it
 * receives: its picture is compared with the desktop's, its sound counted. The endpoint killed and started again: the
 * server publishes again by itself. Stopping DELETEs the session at the endpoint.
 */
class WhipIT {
    private static final int WIDTH = 640;
    private static final int HEIGHT = 360;
    private static final String TOKEN = "whip-s3cret";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final PulseAudioServer pulse = PulseAudioServer.perTest();

    @Test
    void theEndpointDecodesTheDesktopAndIsPublishedToAgainAfterItCameBack() throws Exception {
        pulse.playTone(440, 0.5, 120);
        try (WhipEndpointProcess endpoint = WhipEndpointProcess.start(TOKEN);
                XvfbDisplay display = XvfbDisplay.start(WIDTH, HEIGHT);
                TestDesktopProcess desktop = TestDesktopProcess.start(display.name(), "bars", 30);
                WoperatorServer server = WoperatorServer.start(WoperatorServer.freePort(), display.name(),
                        pulse.clientEnvironment(), "--no-resize", "--whip-url", endpoint.url(WIDTH, HEIGHT),
                        "--whip-token", TOKEN)) {
            assertTrue(Wait.until(Duration.ofSeconds(30), () -> server.logContains("Stream desktop is live at the "
                    + "WHIP endpoint")), () -> "the server did not publish: " + server.log());
            assertEquals("publishing", api(server, "GET", "api/streams/desktop/whip", null, 200).get("state").asText());
            assertEquals(1, endpoint.sessions().size(), "the endpoint has the session");
            assertEquals(1, api(server, "GET", "api/streams/desktop", null, 200).get("viewers").asInt(),
                    "the endpoint counts as one who watches, so the desktop is captured");
            assertDecodesTheDesktop(endpoint);
            String metrics = HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + "metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(metrics.contains("woperator_whip_publishing{stream=\"desktop\"} 1"), metrics);

            endpoint.kill();
            assertTrue(Wait.until(Duration.ofSeconds(40), () -> server.logContains("Stream desktop is no longer live "
                    + "at the WHIP endpoint")), "the server notices that the endpoint went away");
            JsonNode retrying = api(server, "GET", "api/streams/desktop/whip", null, 200);
            System.out.println("while the endpoint is away: " + retrying);
            endpoint.restart();
            assertTrue(Wait.until(Duration.ofSeconds(60), () -> server.log().stream().anyMatch(line -> line.contains(
                    "is live at the WHIP endpoint") && line.endsWith(" again"))), () -> "not published again: "
                            + server.log());
            assertDecodesTheDesktop(endpoint);

            // the stream stopped and started again: published again as soon as it runs
            api(server, "POST", "api/streams/desktop/stop", null, 200);
            JsonNode whileStopped = api(server, "GET", "api/streams/desktop/whip", null, 200);
            System.out.println("while the stream is stopped: " + whileStopped);
            assertEquals("retrying", whileStopped.get("state").asText());
            long livesBefore = server.log().stream().filter(line -> line.contains("is live at the WHIP")).count();
            api(server, "POST", "api/streams/desktop/start", null, 200);
            assertTrue(Wait.until(Duration.ofSeconds(20), () -> server.log().stream()
                    .filter(line -> line.contains("is live at the WHIP")).count() > livesBefore),
                    "published again once the stream runs");

            JsonNode stopped = api(server, "DELETE", "api/streams/desktop/whip", null, 200);
            assertEquals("stopped", stopped.get("state").asText());
            assertTrue(Wait.until(Duration.ofSeconds(5), asked(() -> endpoint.sessions().isEmpty())),
                    "stopping DELETEs the session at the endpoint: " + endpoint.sessions());
            assertTrue(Wait.until(Duration.ofSeconds(5), asked(() -> api(server, "GET", "api/streams/desktop", null,
                    200).get("viewers").asInt() == 0)), "the endpoint no longer counts as a viewer");
            assertFalse(String.join("\n", server.log()).contains(TOKEN), "the token is never logged");

            // the server shutting down ends its session at the endpoint too
            api(server, "POST", "api/streams/desktop/whip", Map.of("url", endpoint.url(WIDTH, HEIGHT), "token", TOKEN),
                    200);
            assertTrue(Wait.until(Duration.ofSeconds(20), asked(() -> endpoint.sessions().size() == 1)));
            server.close();
            assertTrue(endpoint.sessions().isEmpty(), "shutting down DELETEs the session: " + endpoint.sessions());
        }
    }

    @Test
    void aRefusedTokenAnEndpointThatIsNotThereAndBadRequestsAreSaidClearly() throws Exception {
        try (WhipEndpointProcess endpoint = WhipEndpointProcess.start(TOKEN);
                WoperatorServer server = WoperatorServer.start(WoperatorServer.freePort(), null,
                        pulse.clientEnvironment(), "--source", "test-pattern")) {
            String url = endpoint.url(WIDTH, HEIGHT);
            JsonNode started = api(server, "POST", "api/streams/desktop/whip", Map.of("url", url, "token",
                    "wrong-t0ken"), 200);
            assertEquals("connecting", started.get("state").asText());
            assertTrue(Wait.until(Duration.ofSeconds(15), asked(() -> api(server, "GET", "api/streams/desktop/whip",
                    null, 200).has("lastError"))));
            JsonNode refused = api(server, "GET", "api/streams/desktop/whip", null, 200);
            System.out.println("a wrong token: " + refused);
            assertEquals("retrying", refused.get("state").asText());
            assertTrue(refused.get("lastError").asText().contains("answered 401"), refused.toString());
            assertTrue(refused.get("lastError").asText().contains("--whip-token"), "says what to check");
            assertTrue(server.logContains("Cannot publish stream desktop to the WHIP endpoint http://127.0.0.1:"), "said in the log");
            assertFalse(String.join("\n", server.log()).contains("b64json"), "the endpoint's query is not logged");
            assertEquals(409, request(server, "POST", "api/streams/desktop/whip", Map.of("url", url)).statusCode(),
                    "one endpoint a stream");
            assertEquals("stopped", api(server, "DELETE", "api/streams/desktop/whip", null, 200).get("state").asText());
            assertEquals(409, request(server, "DELETE", "api/streams/desktop/whip", null).statusCode(),
                    "not publishing any more");

            int closedPort = WoperatorServer.freePort();
            api(server, "POST", "api/streams/desktop/whip", Map.of("url", "http://127.0.0.1:" + closedPort
                    + "/whip"), 200);
            assertTrue(Wait.until(Duration.ofSeconds(15), asked(() -> api(server, "GET", "api/streams/desktop/whip",
                    null, 200).has("lastError"))));
            JsonNode unreachable = api(server, "GET", "api/streams/desktop/whip", null, 200);
            System.out.println("no endpoint there: " + unreachable);
            assertEquals("cannot offer to 127.0.0.1:" + closedPort + ": nothing answers there (connection refused)",
                    unreachable.get("lastError").asText(),
                    unreachable.toString());
            api(server, "DELETE", "api/streams/desktop/whip", null, 200);

            HttpResponse<String> ftp = request(server, "POST", "api/streams/desktop/whip", Map.of("url",
                    "ftp://127.0.0.1/whip"));
            assertEquals(400, ftp.statusCode(), ftp.body());
            assertTrue(ftp.body().contains("http:// or https://"), ftp.body());
            HttpResponse<String> noUrl = request(server, "POST", "api/streams/desktop/whip", Map.of("token", "x"));
            assertEquals(400, noUrl.statusCode(), noUrl.body());
            assertTrue(noUrl.body().contains("'payload.url' is required"), noUrl.body());
            assertEquals(400, HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + "api/streams/desktop/whip"))
                    .POST(HttpRequest.BodyPublishers.ofString("{not json")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
            assertEquals(404, request(server, "POST", "api/streams/nowhere/whip", Map.of("url", url)).statusCode());
            assertEquals(0, endpoint.sessions().size(), "nothing was left at the endpoint");
            assertTrue(server.healthy());
        }
    }

    /** The endpoint's decoders get the desktop's picture, at the screen's size, and its sound. */
    private static void assertDecodesTheDesktop(WhipEndpointProcess endpoint) throws Exception {
        assertTrue(Wait.until(Duration.ofSeconds(20), asked(() -> endpoint.decoded().frames() > 0
                && endpoint.decoded().sound() > 100)), () -> "the endpoint decoded nothing: " + log(endpoint));
        WhipEndpointProcess.Decoded first = endpoint.decoded();
        Thread.sleep(3000);
        WhipEndpointProcess.Decoded later = endpoint.decoded();
        System.out.printf("the endpoint decoded %d frames of %dx%d and %d blocks of sound at %d Hz in 3 s%n",
                later.frames() - first.frames(), later.width(), later.height(), later.sound() - first.sound(),
                later.sampleRate());
        assertEquals(WIDTH, later.width());
        assertEquals(HEIGHT, later.height());
        assertTrue(later.frames() > first.frames(), "pictures keep coming");
        assertTrue(later.sound() - first.sound() > 200, "sound keeps coming: 10 ms blocks, 300 in 3 s");
        MediaFile.assertShowsTheDesktop(MediaFile.i420Picture(endpoint.latestPicture(), WIDTH, HEIGHT),
                "the picture the endpoint decoded");
    }

    /** A condition to wait for that asks something that may fail meanwhile (then: not yet). */
    private static BooleanSupplier asked(Callable<Boolean> condition) {
        return () -> {
            try {
                return condition.call();
            } catch (Exception e) {
                return false;
            }
        };
    }

    private static String log(WhipEndpointProcess endpoint) {
        try {
            return endpoint.log();
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static HttpResponse<String> request(WoperatorServer server, String method, String path, Object body)
            throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode api(WoperatorServer server, String method, String path, Object body, int status)
            throws Exception {
        HttpResponse<String> response = request(server, method, path, body);
        assertEquals(status, response.statusCode(), method + " " + path + ": " + response.body());
        return JSON.readTree(response.body());
    }
}
