package io.woperator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.woperator.rig.Browser;
import io.woperator.rig.NpmPackage;
import io.woperator.rig.Part;
import io.woperator.rig.Rig;
import io.woperator.rig.TestDesktopProcess;
import io.woperator.rig.Wait;
import io.woperator.rig.WoperatorServer;
import io.woperator.rig.XvfbDisplay;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * WHEP playback with a player that is not ours: medooze's whip-whep (by an author of the WHIP and WHEP drafts),
 * from the npm registry, in headless Chromium, on a page of another origin (so CORS is exercised too), with a
 * token; and the refusals a WHEP client can meet, each with its status code.
 */
class WhepIT {
    private static final String PLAYER_VERSION = "1.2.0";
    private static final String TOKEN = "whep-secret:view";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** An offer with a video section, which libwebrtc refuses (no ICE credentials, no fingerprint). */
    private static final String MINIMAL_OFFER = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
            + "m=video 9 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\na=recvonly\r\n"
            + "a=rtpmap:96 VP8/90000\r\n";

    /** The player's page: receives video and sound, and plays them in #screen (where Browser reads pixels). */
    private static final String PAGE = """
            <!doctype html>
            <html><body style="margin:0;background:#000">
            <video id="screen" autoplay muted playsinline></video>
            <script type="module">
              import { WHEPClient } from './whep.js';
              const asked = new URLSearchParams(location.search);
              const pc = new RTCPeerConnection();
              pc.addTransceiver('video', { direction: 'recvonly' });
              pc.addTransceiver('audio', { direction: 'recvonly' });
              pc.ontrack = (event) => { document.getElementById('screen').srcObject = event.streams[0]; };
              window.woperator = { connection: { peer: pc } };
              const client = new WHEPClient();
              window.whep = client;
              window.whepState = 'asking';
              client.view(pc, asked.get('url'), asked.get('token')).then(
                () => { window.whepState = 'viewing'; },
                (error) => { window.whepState = 'refused: ' + error.message; });
            </script>
            </body></html>
            """;

    @RegisterExtension
    static final Part<XvfbDisplay> display = Rig.display(1280, 720);
    @RegisterExtension
    static final Part<TestDesktopProcess> desktop = Rig.desktop(display, "bars", 30);
    private static HttpServer playerSite;

    @BeforeAll
    static void startThePlayersSite() throws Exception {
        byte[] client = Files.readAllBytes(NpmPackage.file("whip-whep", PLAYER_VERSION, "whep.js"));
        playerSite = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        playerSite.createContext("/", exchange -> {
            boolean script = exchange.getRequestURI().getPath().equals("/whep.js");
            byte[] body = script ? client : PAGE.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", script ? "text/javascript" : "text/html");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        playerSite.start();
    }

    @AfterAll
    static void stopThePlayersSite() {
        if (playerSite != null) {
            playerSite.stop(0);
        }
    }

    private static String playerOrigin() {
        return "http://127.0.0.1:" + playerSite.getAddress().getPort();
    }

    @Test
    void aWhepPlayerFromAnotherSitePlaysTheDesktopAndItsDeleteEndsTheServersPeer() throws Exception {
        try (WoperatorServer server = WoperatorServer.start(WoperatorServer.freePort(), display.get().name(),
                "--no-resize", "--token", TOKEN, "--allowed-origins", playerOrigin(), "--max-viewers", "1");
                Browser browser = Browser.start()) {
            server.authorizeWith("Bearer whep-secret");
            String whep = server.url() + "whep/desktop";
            // a wrong token: the player on the other site can read the refusal (CORS on the 401 too)
            browser.open(playerOrigin() + "/?url=" + whep + "&token=wrong-token");
            assertTrue(Wait.until(Duration.ofSeconds(10), () -> String.valueOf(browser.script(
                    "return window.whepState;")).startsWith("refused")));
            assertEquals("refused: Request rejected with status 401", browser.script("return window.whepState;"));
            browser.open(playerOrigin() + "/?url=" + whep + "&token=" + TOKEN.split(":")[0]);
            assertTrue(Wait.until(Duration.ofSeconds(20), () -> browser.videoStats().framesDecoded() > 30),
                    "frames decoded; the player says " + browser.script("return window.whepState;"));
            assertEquals("viewing", browser.script("return window.whepState;"));
            assertTrue(Wait.until(Duration.ofSeconds(5), () -> StreamingIT.matchesTheDesktop(browser)),
                    "the player shows the desktop's pixels");
            Browser.VideoStats stats = browser.videoStats();
            System.out.printf("WHEP player: %d frames decoded, %dx%d, %s%n", stats.framesDecoded(), stats.width(),
                    stats.height(), stats.codec());
            assertEquals(1, server.health().viewers());

            // the one seat is taken: the next player is told to come back later
            HttpResponse<String> full = post(whep, "application/sdp", MINIMAL_OFFER, "Bearer whep-secret");
            assertEquals(503, full.statusCode(), full.body());
            assertTrue(full.headers().firstValue("Retry-After").isPresent());

            double closed = server.metric("woperator_peer_connections_closed_total");
            String resource = (String) browser.script("return window.whep.resourceURL.href;");
            browser.asyncScript("const done = arguments[0]; window.whep.stop().then(() => done(true));");
            assertTrue(Wait.until(Duration.ofSeconds(5), () -> server.health().viewers() == 0
                    && server.metric("woperator_peer_connections_closed_total") == closed + 1),
                    "DELETE ended the server's peer");
            assertEquals(server.metric("woperator_peer_connections_closed_total"),
                    server.metric("woperator_native_peer_connections_freed_total"), "and freed it");
            assertTrue(server.logContains("the player ended it"));
            HttpResponse<String> gone = send(HttpRequest.newBuilder(URI.create(resource))
                    .method("PATCH", HttpRequest.BodyPublishers.ofString("a=end-of-candidates\r\n"))
                    .header("Content-Type", "application/trickle-ice-sdpfrag").header("Authorization",
                            "Bearer whep-secret"));
            assertEquals(404, gone.statusCode(), "an ended session is forgotten: " + gone.body());
        }
    }

    @Test
    void aServerShuttingDownLetsItsWhepPlayersGo() throws Exception {
        try (WoperatorServer server = WoperatorServer.start(WoperatorServer.freePort(), display.get().name(),
                "--no-resize", "--no-audio", "--allowed-origins", playerOrigin());
                Browser browser = Browser.start()) {
            browser.open(playerOrigin() + "/?url=" + server.url() + "whep/desktop");
            assertTrue(Wait.until(Duration.ofSeconds(20), () -> browser.videoStats().framesDecoded() > 10),
                    "the player says " + browser.script("return window.whepState;"));
            long exitMillis = server.terminate();
            System.out.println("server with a WHEP player exited " + exitMillis + " ms after SIGTERM");
            assertTrue(exitMillis <= 3000, exitMillis + " ms");
            assertTrue(server.logContains("Stopped in"), "the shutdown ran to its end");
            assertTrue(server.logContains("the server is shutting down"), "the player was let go");
            assertTrue(!server.logContains("Exception"), "no exception on the way");
        }
    }

    @Test
    void whatAWhepClientCanGetWrongIsAnsweredWithItsStatus() throws Exception {
        try (WoperatorServer server = WoperatorServer.start(WoperatorServer.freePort(), display.get().name(),
                "--no-resize", "--no-audio", "--token", TOKEN, "--allowed-origins", playerOrigin())) {
            server.authorizeWith("Bearer whep-secret");
            String whep = server.url() + "whep/desktop";
            String bearer = "Bearer whep-secret";
            assertEquals(401, post(whep, "application/sdp", "v=0\r\n", null).statusCode(), "no token");
            assertEquals(401, post(whep, "application/sdp", "v=0\r\n", "Bearer wrong").statusCode(), "wrong token");
            assertEquals(404, post(server.url() + "whep/nope", "application/sdp", "v=0\r\n", bearer).statusCode(),
                    "unknown stream");
            assertEquals(415, post(whep, "text/plain", "v=0\r\n", bearer).statusCode(), "not SDP");
            assertEquals(400, post(whep, "application/sdp", "hello", bearer).statusCode(), "garbage");
            assertEquals(400, post(whep, "application/sdp", "v=0\r\nm=video nonsense\r\n", bearer).statusCode(),
                    "no media section to fill");
            HttpResponse<String> bogus = post(whep, "application/sdp", MINIMAL_OFFER, bearer);
            assertEquals(400, bogus.statusCode(), "SDP that libwebrtc refuses");
            assertTrue(bogus.body().startsWith("the offer was refused"), bogus.body());
            assertEquals(1, server.metric("woperator_peer_connections_created_total"), "its peer was made");
            assertEquals(413, post(whep, "application/sdp", "v=0\r\n" + "a=x\r\n".repeat(20_000), bearer)
                    .statusCode(), "too large");
            HttpResponse<String> patch = send(HttpRequest.newBuilder(URI.create(whep + "/0123456789abcdef"))
                    .method("PATCH", HttpRequest.BodyPublishers.ofString("a=end-of-candidates\r\n"))
                    .header("Content-Type", "application/trickle-ice-sdpfrag").header("Authorization", bearer));
            assertEquals(404, patch.statusCode(), "unknown session");
            HttpResponse<String> get = send(HttpRequest.newBuilder(URI.create(whep)).header("Authorization", bearer));
            assertEquals(405, get.statusCode(), "GET is not WHEP");
            assertEquals("OPTIONS, POST", get.headers().firstValue("Allow").orElse(""));

            // CORS: the preflight needs no credentials; only listed origins are let in
            HttpResponse<String> preflight = send(HttpRequest.newBuilder(URI.create(whep))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", playerOrigin())
                    .header("Access-Control-Request-Method", "POST")
                    .header("Access-Control-Request-Headers", "authorization, content-type"));
            assertEquals(204, preflight.statusCode());
            assertEquals(playerOrigin(), preflight.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
            assertTrue(preflight.headers().firstValue("Access-Control-Allow-Headers").orElse("")
                    .contains("Authorization"));
            assertEquals("application/sdp", preflight.headers().firstValue("Accept-Post").orElse(""));
            HttpResponse<String> foreignPreflight = send(HttpRequest.newBuilder(URI.create(whep))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "http://evil.example")
                    .header("Access-Control-Request-Method", "POST"));
            assertNull(foreignPreflight.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
            HttpResponse<String> foreign = send(HttpRequest.newBuilder(URI.create(whep))
                    .POST(HttpRequest.BodyPublishers.ofString("v=0\r\n")).header("Content-Type", "application/sdp")
                    .header("Authorization", bearer).header("Origin", "http://evil.example"));
            assertEquals(403, foreign.statusCode());

            assertEquals(1, server.metric("woperator_peer_connections_created_total"), "no peer for the others");
            assertEquals(1, server.metric("woperator_native_peer_connections_freed_total"), "the one closed and freed");
            assertEquals(0, server.health().viewers());
            assertTrue(server.healthy());
        }
    }

    private static HttpResponse<String> post(String url, String type, String body, String authorization)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", type);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
