package io.woperator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.woperator.rig.Browser;
import io.woperator.rig.DesktopPattern;
import io.woperator.rig.Part;
import io.woperator.rig.Rig;
import io.woperator.rig.SignalingClient;
import io.woperator.rig.TestDesktopProcess;
import io.woperator.rig.Wait;
import io.woperator.rig.WoperatorServer;
import io.woperator.rig.XvfbDisplay;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.Dimension;

/**
 * Several streams in one server, managed live through the streams API: a test pattern and a second X display made
 * and started over the API's WebSocket, watched by two Chromium viewers and side by side in one page, stopped,
 * deleted, refused when asked wrongly, and kept across a restart; the same over plain HTTP; a stream whose display
 * goes away failing alone and coming back by itself.
 */
class StreamsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN = "admin-secret-1";
    private static final String VIEWER = "viewer-secret-1";
    private static final int WIDTH = 640;
    private static final int HEIGHT = 360;
    /** How soon a new viewer's picture shows its source's colours, sharpened from its first pictures. */
    private static final Duration SHARP_WITHIN = Duration.ofSeconds(5);
    /** The test pattern's top bars (see VideoSourceIT). */
    private static final int[] BARS = {0xBFBFBF, 0xBFBF00, 0x00BFBF, 0x00BF00, 0xBF00BF, 0xBF0000, 0x0000BF};

    @RegisterExtension
    static final Part<XvfbDisplay> first = Rig.display(WIDTH, HEIGHT);
    @RegisterExtension
    static final Part<XvfbDisplay> second = Rig.display(WIDTH, HEIGHT);
    @RegisterExtension
    static final Part<TestDesktopProcess> firstDesktop = Rig.desktop(first, "bars", 30);
    @RegisterExtension
    static final Part<TestDesktopProcess> secondDesktop = Rig.desktop(second, "bars", 30);

    @Test
    void streamsAreMadeWatchedStoppedDeletedAndKept() throws Exception {
        Path state = Files.createTempDirectory("woperator-state-");
        int port = WoperatorServer.freePort();
        String[] flags = {"--state-dir", state.toString(), "--token", ADMIN + ":admin," + VIEWER + ":control",
            "--no-resize", "--no-audio"};
        try (WoperatorServer server = WoperatorServer.start(port, first.get().name(), flags);
                Browser one = Browser.start();
                Browser two = Browser.start()) {
            // only an admin may in: anyone else is refused at the upgrade, and over plain HTTP
            CompletionException refused = assertThrows(CompletionException.class,
                    () -> SignalingClient.connect(port, "/api/streams", VIEWER));
            assertEquals(403, ((WebSocketHandshakeException) refused.getCause()).getResponse().statusCode());
            assertEquals(403, http(port, "GET", "/api/streams", VIEWER).statusCode());

            try (SignalingClient api = SignalingClient.connect(port, "/api/streams", ADMIN)) {
                api.send("{\"type\":\"createStream\",\"payload\":{\"id\":\"pattern\",\"description\":\"Colour bars\","
                        + "\"source\":{\"kind\":\"test-pattern\",\"size\":\"" + WIDTH + "x" + HEIGHT + "\"}}}");
                JsonNode created = payload(api.next("streamCreated", Duration.ofSeconds(5)));
                assertEquals("created", created.get("state").asText());
                api.send("{\"type\":\"createStream\",\"payload\":{\"id\":\"second\",\"description\":\"Second "
                        + "display\",\"source\":{\"kind\":\"x11\",\"display\":\"" + second.get().name() + "\"}}}");
                api.next("streamCreated", Duration.ofSeconds(5));
                api.send("{\"type\":\"startStream\",\"payload\":{\"id\":\"pattern\"}}");
                assertEquals("running", payload(api.next("streamStarted", Duration.ofSeconds(5))).get("state").asText());
                api.send("{\"type\":\"startStream\",\"payload\":{\"id\":\"second\"}}");
                api.next("streamStarted", Duration.ofSeconds(5));
                api.send("{\"type\":\"getStreams\"}");
                assertEquals(List.of("desktop:running", "pattern:running", "second:running"),
                        states(payload(api.next("streams", Duration.ofSeconds(5)))));

                // one page, two streams at once: each tile shows its own source
                one.open(server.url() + "?streams=pattern,second&token=" + VIEWER);
                assertTrue(Wait.until(Duration.ofSeconds(20), () -> one.videoStats("pattern").framesDecoded() > 10
                        && one.videoStats("second").framesDecoded() > 10), "the grid did not decode both streams");
                assertShowsBars("screen-pattern", one);
                assertShowsDesktop("screen-second", one);
                one.screenshot(Path.of("target", "screenshots", "streams-grid.png"));
                one.resizeWindow(new Dimension(390, 844));
                one.screenshot(Path.of("target", "screenshots", "streams-grid-phone.png"));
                one.resizeWindow(new Dimension(1280, 800));

                // two viewers, one stream each
                one.open(server.url() + "?stream=pattern&token=" + VIEWER);
                two.open(server.url() + "?stream=second&token=" + VIEWER);
                assertTrue(Wait.until(Duration.ofSeconds(20), () -> one.videoStats().framesDecoded() > 10
                        && two.videoStats().framesDecoded() > 10), "the two viewers did not both decode");
                assertShowsBars("screen", one);
                assertShowsDesktop("screen", two);
                assertEquals(List.of("desktop", "pattern", "second"), two.script(
                        "return [...document.getElementById('stream-picker').options].map((o) => o.value);"),
                        "the picker offers every running stream");
                assertEquals("second", two.script("return document.getElementById('stream-picker').value;"));
                one.screenshot(Path.of("target", "screenshots", "stream-pattern.png"));
                two.resizeWindow(new Dimension(390, 844));
                two.screenshot(Path.of("target", "screenshots", "stream-second-phone.png"));
                two.resizeWindow(new Dimension(1280, 800));

                // stats once a second, frame counts rising while each is watched
                JsonNode before = api.nextStats("second");
                JsonNode later = api.nextStats("second");
                assertTrue(later.get("frames").asLong() > before.get("frames").asLong() + 10,
                        "frames did not rise: " + before + " → " + later);
                assertEquals(1, later.get("viewers").asInt());
                assertEquals(WIDTH, later.get("width").asInt());
                assertTrue(later.get("fps").asDouble() > 15, "fps " + later.get("fps"));
                // the bitrate is known once the viewer's encoder has reported (once a second)
                JsonNode sending = later;
                for (int i = 0; i < 5 && sending.get("kbps").asDouble() == 0; i++) {
                    sending = api.nextStats("second");
                }
                assertTrue(sending.get("kbps").asDouble() > 0, "kbps " + sending);
                assertEquals(1, api.nextStats("pattern").get("viewers").asInt());

                // every mistake is answered with its code, and the streams go on
                assertError(api, "{\"type\":\"startStream\",\"payload\":{\"id\":\"nope\"}}", "unknown-stream");
                assertError(api, "{\"type\":\"createStream\",\"payload\":{\"id\":\"pattern\",\"source\":{\"kind\":"
                        + "\"test-pattern\"}}}", "duplicate-stream");
                assertError(api, "{\"type\":\"createStream\",\"payload\":{\"id\":\"bad\",\"source\":{\"kind\":"
                        + "\"hologram\"}}}", "invalid-stream");
                assertError(api, "{\"type\":\"createStream\",\"payload\":{\"id\":\"cam\",\"source\":{\"kind\":"
                        + "\"v4l2\",\"device\":\"/dev/video63\"}}}", "no-such-device");
                assertTrue(server.awaitLog("no camera at /dev/video63"), "the missing camera must be logged");
                assertError(api, "{\"type\":\"deleteStream\",\"payload\":{\"id\":\"second\"}}", "stream-watched");
                assertError(api, "{\"type\":\"streams\",\"payload\":[]}", "unknown-type");
                long decoded = two.videoStats().framesDecoded();
                for (int i = 0; i < 1000; i++) {
                    api.send(switch (i % 4) {
                        case 0 -> "{nope";
                        case 1 -> "{\"type\":\"launchMissiles\"}";
                        case 2 -> "{\"type\":\"stopStream\"}";
                        default -> "[1,2,3]";
                    });
                }
                for (int i = 0; i < 1000; i++) {
                    api.next("error", Duration.ofSeconds(10));
                }
                api.send("{\"type\":\"getStreams\"}");
                assertEquals(List.of("desktop:running", "pattern:running", "second:running"),
                        states(payload(api.next("streams", Duration.ofSeconds(5)))));
                assertTrue(Wait.until(Duration.ofSeconds(5), () -> two.videoStats().framesDecoded() > decoded + 30),
                        "the second stream's viewer stopped decoding during the bad messages");
                assertEquals(1, server.log().stream().filter(l -> l.contains("further unreadable messages on this connection"))
                        .count(), "bad messages must not flood the log");

                // stopping one stream tells its viewer; the other viewer keeps decoding
                api.send("{\"type\":\"stopStream\",\"payload\":{\"id\":\"pattern\"}}");
                assertEquals("stopped", payload(api.next("streamStopped", Duration.ofSeconds(5))).get("state").asText());
                assertTrue(Wait.until(Duration.ofSeconds(10), () -> one.text("status-text").contains("stopped")),
                        "the viewer of the stopped stream was not told: " + one.text("status-text"));
                one.screenshot(Path.of("target", "screenshots", "stream-stopped.png"));
                long secondDecoded = two.videoStats().framesDecoded();
                assertTrue(Wait.until(Duration.ofSeconds(5), () -> two.videoStats().framesDecoded() > secondDecoded + 30),
                        "the other stream stopped too");

                api.send("{\"type\":\"deleteStream\",\"payload\":{\"id\":\"pattern\"}}");
                api.next("streamDeleted", Duration.ofSeconds(5));
                api.send("{\"type\":\"getStreams\"}");
                assertEquals(List.of("desktop:running", "second:running"),
                        states(payload(api.next("streams", Duration.ofSeconds(5)))));
            }
        }

        // a restart with the same state directory brings the kept stream back, running
        try (WoperatorServer server = WoperatorServer.start(port, first.get().name(), flags);
                Browser viewer = Browser.start()) {
            HttpResponse<String> list = http(port, "GET", "/api/streams", ADMIN);
            assertEquals(200, list.statusCode());
            assertEquals(List.of("desktop:running", "second:running"), states(JSON.readTree(list.body())));
            viewer.open(server.url() + "?stream=second&token=" + VIEWER);
            assertTrue(Wait.until(Duration.ofSeconds(20), () -> viewer.videoStats().framesDecoded() > 10),
                    "the kept stream did not stream after the restart");
            assertShowsDesktop("screen", viewer);
        }
    }

    @Test
    void thePlainHttpApiManagesStreamsWithTheSameCodes() throws Exception {
        int port = WoperatorServer.freePort();
        try (WoperatorServer server = WoperatorServer.start(port, null, "--resolution", "320x240", "--no-audio")) {
            // no credentials configured: the API answers this machine only, and this is this machine
            HttpResponse<String> made = http(port, "POST", "/api/streams",
                    "{\"id\":\"tp\",\"source\":{\"kind\":\"test-pattern\",\"size\":\"320x240\",\"fps\":15}}", null);
            assertEquals(201, made.statusCode(), made.body());
            assertEquals("created", JSON.readTree(made.body()).get("state").asText());
            assertEquals(200, http(port, "POST", "/api/streams/tp/start", null).statusCode());
            assertEquals(409, http(port, "POST", "/api/streams", "{\"id\":\"tp\",\"source\":{\"kind\":\"test-pattern\"}}",
                    null).statusCode());
            assertEquals(400, http(port, "POST", "/api/streams", "{\"id\":\"x\",\"source\":{\"kind\":\"nope\"}}", null)
                    .statusCode());
            assertEquals(400, http(port, "POST", "/api/streams", "{oops", null).statusCode());
            assertEquals(422, http(port, "POST", "/api/streams",
                    "{\"id\":\"cam\",\"source\":{\"kind\":\"v4l2\",\"device\":\"/dev/video63\"}}", null).statusCode());
            assertEquals(404, http(port, "POST", "/api/streams/nope/stop", null).statusCode());
            assertEquals(405, http(port, "PUT", "/api/streams/tp", null).statusCode());
            HttpResponse<String> one = http(port, "GET", "/api/streams/tp", null);
            assertEquals("running", JSON.readTree(one.body()).get("state").asText());
            assertEquals(200, http(port, "POST", "/api/streams/tp/stop", null).statusCode());
            assertEquals(200, http(port, "DELETE", "/api/streams/tp", null).statusCode());
            assertEquals(List.of("desktop:running"), states(JSON.readTree(http(port, "GET", "/api/streams", null)
                    .body())));
            assertTrue(server.healthy());
        }
    }

    @Test
    void aStreamWhoseDisplayGoesAwayFailsAloneAndComesBack() throws Exception {
        XvfbDisplay third = XvfbDisplay.start(WIDTH, HEIGHT);
        TestDesktopProcess thirdDesktop = TestDesktopProcess.start(third.name(), "bars", 30);
        int port = WoperatorServer.freePort();
        try (WoperatorServer server = WoperatorServer.start(port, first.get().name(), "--no-resize", "--no-audio",
                "--stream", "id=main,kind=x11,display=" + first.get().name(),
                "--stream", "id=flaky,kind=x11,display=" + third.name());
                Browser one = Browser.start();
                Browser two = Browser.start();
                SignalingClient api = SignalingClient.connect(port, "/api/streams", null)) {
            one.open(server.url() + "?stream=main");
            two.open(server.url() + "?stream=flaky");
            assertTrue(Wait.until(Duration.ofSeconds(20), () -> one.videoStats().framesDecoded() > 10
                    && two.videoStats().framesDecoded() > 10), "both streams decode");

            thirdDesktop.close();
            third.close();
            JsonNode failed = awaitState(api, "flaky", "failed", Duration.ofSeconds(15));
            assertTrue(failed.hasNonNull("lastError"), "a failed stream says why: " + failed);
            assertEquals("running", api.nextStats("main").get("state").asText());
            long decoded = one.videoStats().framesDecoded();
            assertTrue(Wait.until(Duration.ofSeconds(5), () -> one.videoStats().framesDecoded() > decoded + 30),
                    "the other stream stopped with the failed one");

            third = third.restartAt(WIDTH, HEIGHT);
            thirdDesktop = TestDesktopProcess.start(third.name(), "bars", 30);
            awaitState(api, "flaky", "running", Duration.ofSeconds(20));
            long decodedBefore = two.videoStats().framesDecoded();
            assertTrue(Wait.until(Duration.ofSeconds(10), () -> two.videoStats().framesDecoded() > decodedBefore + 30),
                    "the recovered stream's viewer decodes again");
            assertShowsDesktop("screen", two);
        } finally {
            thirdDesktop.close();
            third.close();
        }
    }

    /** Waits for {@code id} to reach {@code state} in the API's stats; returns that entry. */
    private static JsonNode awaitState(SignalingClient api, String id, String state, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = api.nextStats(id);
            if (last.get("state").asText().equals(state)) {
                return last;
            }
        }
        throw new AssertionError(id + " did not become " + state + " within " + timeout + "; last " + last);
    }

    /**
     * The test pattern's bars, within a few seconds: a viewer's first pictures come at a low bitrate, and one was
     * seen a block's colour off before the encoder sharpened it.
     */
    private static void assertShowsBars(String videoId, Browser browser) throws InterruptedException {
        List<int[]> points = new ArrayList<>();
        for (int bar = 0; bar < BARS.length; bar++) {
            points.add(new int[] {(int) ((bar + 0.5) * WIDTH / BARS.length), HEIGHT / 3});
        }
        List<List<Integer>> seen = new ArrayList<>(List.of(List.of()));
        boolean shown = Wait.until(SHARP_WITHIN, () -> {
            seen.set(0, browser.samplePixels(videoId, points));
            return IntStream.range(0, BARS.length)
                    .allMatch(bar -> DesktopPattern.alike(seen.get(0).get(bar), BARS[bar]));
        });
        assertTrue(shown, videoId + " does not show the test pattern's bars: saw " + hex(seen.get(0)) + ", expected "
                + hex(Arrays.stream(BARS).boxed().toList()));
    }

    /** The desktop's grid of blocks (within a few seconds, as above), and not the test pattern's bars. */
    private static void assertShowsDesktop(String videoId, Browser browser) throws InterruptedException {
        List<int[]> points = new ArrayList<>();
        for (int column = 0; column < DesktopPattern.COLUMNS; column++) {
            points.add(new int[] {(int) ((column + 0.5) * WIDTH / DesktopPattern.COLUMNS), HEIGHT / 8});
        }
        List<List<Integer>> seen = new ArrayList<>(List.of(List.of()));
        boolean shown = Wait.until(SHARP_WITHIN, () -> {
            seen.set(0, browser.samplePixels(videoId, points));
            return IntStream.range(0, points.size())
                    .allMatch(i -> DesktopPattern.alike(seen.get(0).get(i), DesktopPattern.colour(i, 0)));
        });
        assertTrue(shown, videoId + " does not show the desktop's blocks: saw " + hex(seen.get(0))
                + " along the first row");
        long barMatches = IntStream.range(0, points.size())
                .filter(i -> DesktopPattern.alike(seen.get(0).get(i), BARS[points.get(i)[0] * BARS.length / WIDTH]))
                .count();
        assertTrue(barMatches <= 1, videoId + " looks like the test pattern");
    }

    private static List<String> hex(List<Integer> colours) {
        return colours.stream().map(c -> String.format("%06x", c)).toList();
    }

    private static JsonNode payload(String message) throws Exception {
        return JSON.readTree(message).get("payload");
    }

    private static List<String> states(JsonNode streams) {
        List<String> out = new ArrayList<>();
        streams.forEach(s -> out.add(s.get("id").asText() + ":" + s.get("state").asText()));
        return out;
    }

    /** The entry for {@code id} of the next stats message sent from now on. */
    private static void assertError(SignalingClient api, String request, String code) throws Exception {
        api.send(request);
        JsonNode error = JSON.readTree(api.next("error", Duration.ofSeconds(5)));
        assertEquals(code, error.get("code").asText(), "for " + request + ": " + error);
    }

    private static HttpResponse<String> http(int port, String method, String path, String token) throws Exception {
        return http(port, method, path, null, token);
    }

    private static HttpResponse<String> http(int port, String method, String path, String body, String token)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
