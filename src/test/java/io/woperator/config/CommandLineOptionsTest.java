package io.woperator.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.woperator.protocol.Region;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandLineOptionsTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private Parsed<Settings> parse(Map<String, String> env, String... args) {
        return CommandLineOptions.parse(args, env, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private Settings settings(Map<String, String> env, String... args) {
        Parsed<Settings> outcome = parse(env, args);
        assertInstanceOf(Parsed.Run.class, outcome, err.toString());
        return ((Parsed.Run<Settings>) outcome).settings();
    }

    @Test
    void defaultsMatchTheReadme() {
        Settings s = settings(Map.of());
        assertEquals(8000, s.port());
        assertEquals(30, s.fps());
        assertEquals(VideoCodec.VP8, s.videoCodec());
        assertEquals(VideoSourceKind.TEST_PATTERN, s.effectiveSource(), "no DISPLAY: the test pattern");
        assertEquals(new Settings.Bitrates(4000, 500, 12000), s.bitrates());
        assertNull(s.region());
    }

    @Test
    void flagsWinOverEnvironmentWhichWinsOverSeedNames() {
        Map<String, String> env = Map.of("PORT", "9000", "WOPERATOR_VIDEO_CODEC", "h264", "DISPLAY", ":5");
        Settings fromEnv = settings(env);
        assertEquals(9000, fromEnv.port());
        assertEquals(VideoCodec.H264, fromEnv.videoCodec());
        assertEquals(":5", fromEnv.display());
        assertEquals(VideoSourceKind.X11, fromEnv.effectiveSource());

        assertEquals(9100, settings(Map.of("PORT", "9000", "WOPERATOR_PORT", "9100")).port());
        assertEquals(9200, settings(env, "--port", "9200").port());
    }

    @Test
    void resolutionCarriesTheFrameRateUnlessFpsIsGiven() {
        Settings s = settings(Map.of("RESOLUTION", "1920x1080@60fps"));
        assertEquals(1920, s.testPatternWidth());
        assertEquals(1080, s.testPatternHeight());
        assertEquals(60, s.fps());
        assertEquals(25, settings(Map.of("RESOLUTION", "1920x1080@60fps"), "--fps", "25").fps());
    }

    @Test
    void theSeedsTurnAndStunVariablesMakeIceServers() {
        Settings s = settings(Map.of("STUN_SERVER", "stun.example:3478", "TURN_HOST", "turn.example",
                "TURN_PORT", "5349", "TURN_PROTOCOL", "tcp", "TURN_TLS", "true", "TURN_SHARED_SECRET", "x"));
        assertEquals(List.of("stun:stun.example:3478"), s.ice().stunUrls());
        assertEquals(List.of("turns:turn.example:5349?transport=tcp"), s.ice().turnUrls());
        assertEquals("x", s.ice().turnSharedSecret());
        assertEquals(true, settings(Map.of("SIMULCAST", "true")).simulcast());
        assertEquals(List.of("turn:t.example:3478?transport=udp"),
                settings(Map.of("TURN_SERVER", "t.example:3478", "TURN_USERNAME", "u", "TURN_PASSWORD", "p"))
                        .ice().turnUrls());
    }

    @Test
    void fanoutThroughJanusNeedsItsHttpApi() {
        assertNull(settings(Map.of()).janus(), "direct by default");
        Settings.Janus janus = settings(Map.of("JANUS_URL", "http://127.0.0.1:8088"), "--fanout", "janus",
                "--janus-room", "42", "--janus-admin-key", "k").janus();
        assertEquals(URI.create("http://127.0.0.1:8088/janus"), janus.api(), "the API's usual path when none is given");
        assertEquals(42, janus.room());
        assertEquals("k", janus.adminKey());
        assertFalse(janus.toString().contains("k]"), "no secret in the log");
        assertEquals(URI.create("http://j:8088/api"), settings(Map.of(), "--fanout", "janus", "--janus-url",
                "http://j:8088/api/").janus().api());
        for (String[] wrong : new String[][] {{"--fanout", "janus"}, {"--fanout", "relay", "--janus-url", "http://j"},
            {"--fanout", "janus", "--janus-url", "ws://j:8188"}, {"--fanout", "janus", "--janus-url", "http://j",
                "--janus-room", "0"}}) {
            assertInstanceOf(Parsed.Exit.class, parse(Map.of(), wrong), String.join(" ", wrong));
        }
        assertTrue(err.toString().contains("--fanout janus needs --janus-url"), err.toString());
        assertTrue(err.toString().contains("only Janus's HTTP API"), err.toString());
    }

    @Test
    void basicAuthAndTokensFromFlagsOrSelkiesVariables() {
        Settings.Access flags = settings(Map.of(), "--basic-auth", "ann:s3cret:x", "--token",
                "abcdefgh,ijklmnop:view,a:b:c:d:e:ADMIN,qrstuvwx:guest").access();
        assertEquals("ann", flags.basicUser());
        assertEquals("s3cret:x", flags.basicPassword());
        assertEquals(List.of(new Settings.Token("abcdefgh", Role.CONTROL), new Settings.Token("ijklmnop", Role.VIEW),
                new Settings.Token("a:b:c:d:e", Role.ADMIN), new Settings.Token("qrstuvwx:guest", Role.CONTROL)),
                flags.tokens());
        assertFalse(flags.tokens().toString().contains("abcdefgh"), "a token's secret is never in its text");
        Settings.Access selkies = settings(Map.of("ENABLE_BASIC_AUTH", "true", "BASIC_AUTH_PASSWORD", "pw")).access();
        assertEquals("user", selkies.basicUser());
        assertEquals("pw", selkies.basicPassword());
        assertEquals(false, settings(Map.of()).access().required());
    }

    @Test
    void tlsFromPemFilesOrSelfSignedWithARedirectPort() {
        assertNull(settings(Map.of()).tls());
        Settings.Tls files = settings(Map.of(), "--tls-cert", "c.pem", "--tls-key", "k.pem").tls();
        assertEquals(Path.of("c.pem"), files.certFile());
        assertEquals(0, files.redirectPort());
        Settings.Tls self = settings(Map.of("XDG_DATA_HOME", "/data"), "--tls-self-signed", "--port", "443").tls();
        assertEquals(Path.of("/data/woperator"), self.stateDir());
        assertEquals(80, self.redirectPort());
        assertEquals(8080, settings(Map.of("WOPERATOR_TLS_SELF_SIGNED", "true", "WOPERATOR_HTTP_REDIRECT_PORT", "8080"))
                .tls().redirectPort());
        assertEquals(3, settings(Map.of("WOPERATOR_MAX_VIEWERS", "3")).maxViewers());
        assertEquals(20, settings(Map.of()).maxViewers(), "a limit unless told otherwise");
        assertEquals(32, settings(Map.of()).maxConnectionsPerAddress());
        assertEquals(0, settings(Map.of(), "--max-connections-per-address", "0").maxConnectionsPerAddress());
    }

    @Test
    void regionIsParsed() {
        assertEquals(new Region(640, 480, 10, 20), settings(Map.of(), "--region", "640x480+10+20").region());
    }

    @Test
    void badValuesAreOneClearLineAndExitCodeTwo() {
        for (String[] args : new String[][] {
            {"--port", "0"}, {"--port", "http"}, {"--fps", "500"}, {"--video-codec", "theora"},
            {"--region", "big"}, {"--min-bitrate", "9000"}, {"--source", "x11"}, {"--resolution", "huge"},
            {"--no-such-flag"}, {"--turn", "turn:x:1"}, {"--ice-transport-policy", "relay"},
            {"--turn-host", "x", "--turn-protocol", "sctp", "--turn-shared-secret", "s"},
            {"--ice-port-range", "50000"}, {"--ice-port-range", "60000-50000"}, {"--ice-port-range", "80-90"},
            {"--basic-auth", "nopassword"}, {"--basic-auth", "user:"}, {"--token", "short"}, {"--token", "short:admin"},
            {"--tls-cert", "c.pem"}, {"--tls-key", "k.pem"}, {"--tls-self-signed", "--tls-cert", "c", "--tls-key", "k"},
            {"--tls-self-signed", "--http-redirect-port", "8000"}, {"--max-viewers", "-1"},
            {"--max-connections-per-address", "-2"},
        }) {
            err.getBuffer().setLength(0);
            Parsed<Settings> outcome = parse(Map.of(), args);
            assertEquals(new Parsed.Exit<Settings>(2), outcome, String.join(" ", args));
            assertTrue(err.toString().startsWith("woperator: "), err.toString());
        }
    }

    @Test
    void helpNamesTheEnvironmentVariables() {
        assertEquals(new Parsed.Exit<Settings>(0), parse(Map.of(), "--help"));
        assertTrue(out.toString().contains("--video-codec"));
        assertTrue(out.toString().contains("WOPERATOR_VIDEO_CODEC"));
    }

    @Test
    void senderIsTheServerRegisteredWithAHub() {
        assertNull(settings(Map.of()).sender(), "the all-in-one server registers nowhere");
        Settings.Sender defaults = settings(Map.of("HOSTNAME", "lab-7"), "sender").sender();
        assertEquals(URI.create("ws://localhost:8765/sender"), defaults.hub());
        assertEquals("lab-7", defaults.name());
        assertNull(defaults.secret());
        Settings.Sender given = settings(Map.of("SIGNALING_URL", "wss://hub.example/woperator/sender",
                "WOPERATOR_SENDER_SECRET", "s3cret"), "sender", "--name", "lab-1", "--port", "8001").sender();
        assertEquals(URI.create("wss://hub.example/woperator/sender"), given.hub(), "a path is kept");
        assertEquals("s3cret", given.secret());
        assertFalse(given.toString().contains("s3cret"), "never the secret");
        assertInstanceOf(Parsed.Exit.class, parse(Map.of(), "sender", "--signaling-url",
                "http://hub:8765"));
        assertTrue(err.toString().contains("ws:// or wss://"), err.toString());
        assertInstanceOf(Parsed.Exit.class, parse(Map.of(), "sender", "--name", "lab 1"));
    }

    @Test
    void theHubAndThePageHaveTheirOwnFlags() {
        Parsed<HubSettings> hub = HubCommandLine.parse(new String[] {"--sender-secret", "x", "--no-web",
                "--token", "viewer-secret:view"}, Map.of("LOG_LEVEL", "debug"), new PrintWriter(out, true),
                new PrintWriter(err, true));
        assertInstanceOf(Parsed.Run.class, hub, err.toString());
        HubSettings settings = ((Parsed.Run<HubSettings>) hub).settings();
        assertEquals(8765, settings.port());
        assertFalse(settings.web());
        assertEquals("debug", settings.logLevel());
        assertEquals("x", settings.senderSecret());
        assertEquals(1, settings.access().tokens().size());
        Parsed<WebCommandLine.WebSettings> web = WebCommandLine.parse(new String[] {}, Map.of("SIGNALING_URL",
                "ws://hub.example:8765", "PORT", "9090"), new PrintWriter(out, true), new PrintWriter(err, true));
        assertInstanceOf(Parsed.Run.class, web, err.toString());
        WebCommandLine.WebSettings page = ((Parsed.Run<WebCommandLine.WebSettings>) web).settings();
        assertEquals(9090, page.port());
        assertEquals(URI.create("ws://hub.example:8765/ws"), page.signalingUrl());
    }
}
