package io.woperator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.woperator.rig.Browser;
import io.woperator.rig.Part;
import io.woperator.rig.Rig;
import io.woperator.rig.TestDesktopProcess;
import io.woperator.rig.Wait;
import io.woperator.rig.WoperatorServer;
import io.woperator.rig.XvfbDisplay;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Live quality controls: changing codec, bitrate ceiling, frame rate and size from the viewer's settings changes
 * what Chromium's statistics report within seconds, on the same page and the same connection, whether the picture
 * comes by RTP or on the data channel "frames".
 */
class QualityIT {
    @RegisterExtension
    final Part<XvfbDisplay> display = Rig.display(640, 480);
    @RegisterExtension
    final Part<TestDesktopProcess> desktop = Rig.desktop(display, "animate", 30);
    @RegisterExtension
    final Part<WoperatorServer> server = Rig.server(display, "--no-audio", "--no-microphone", "--no-resize",
            "--video-codec", "vp8", "--fps", "30");
    @RegisterExtension
    final Part<Browser> browser = Rig.browser();

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"direct", "channel"})
    void codecBitrateFrameRateAndSizeChangeWhileTheStreamRuns(String path) throws Exception {
        browser.get().open(server.get().url() + "?render=" + path);
        assertTrue(Wait.until(Duration.ofSeconds(20), () -> browser.get().videoStats().framesDecoded() > 10));
        assertEquals("video/VP8", browser.get().videoStats().codec());
        assertEquals(path, browser.get().renderPath());
        browser.get().script("window.sameDocument = true;");

        choose(browser.get(), "quality-codec", "h264");
        assertTrue(Wait.until(Duration.ofSeconds(10), () -> "video/H264".equals(browser.get().videoStats().codec())),
                "Chromium decodes H.264 now: " + browser.get().videoStats());
        assertTrue(server.get().logContains("quality: h264"), "the server says so");

        choose(browser.get(), "quality-fps", "15");
        assertTrue(Wait.until(Duration.ofSeconds(10), () -> between(figure(browser.get(), "fps"), 12, 17)),
                "about 15 fps: " + latest(browser.get()));

        choose(browser.get(), "quality-bitrate", "300");
        if (path.equals("direct")) { // on the channel, RTP's encoder rests: its target says nothing
            assertTrue(Wait.until(Duration.ofSeconds(10),
                    () -> senderTarget(browser.get()) > 0 && senderTarget(browser.get()) <= 300),
                    "the encoder's target bitrate follows: " + latest(browser.get()));
        }
        assertTrue(Wait.until(Duration.ofSeconds(10), () -> between(figure(browser.get(), "kbps"), 1, 450)),
                "and what arrives: " + latest(browser.get()));

        choose(browser.get(), "quality-fps", "60");
        assertTrue(Wait.until(Duration.ofSeconds(15), () -> figure(browser.get(), "fps") >= 45),
                "capture and encoder go to 60 fps: " + latest(browser.get()));
        assertTrue(server.get().logContains("Capture rate now 60 fps"));

        choose(browser.get(), "quality-scale", "2");
        assertTrue(Wait.until(Duration.ofSeconds(10), () -> browser.get().videoStats().width() == 320),
                "half size: " + browser.get().videoStats());

        // a page changing quality in a loop is held to a few changes a second; the stream goes on
        Object refused = browser.get().asyncScript("const done = arguments[arguments.length - 1];"
                + "const c = window.woperator.connection; const codes = [];"
                + "c.addEventListener('server-error', (e) => codes.push(e.detail.message));"
                + "for (let i = 0; i < 20; i++) c.setQuality({ fps: 30 + (i % 2) });"
                + "setTimeout(() => done(codes), 1500);");
        assertTrue(String.valueOf(refused).contains("too many quality changes"), "refused: " + refused);
        long decoded = browser.get().videoStats().framesDecoded();
        assertTrue(Wait.until(Duration.ofSeconds(5), () -> browser.get().videoStats().framesDecoded() > decoded + 20),
                "the stream goes on");

        assertEquals(Boolean.TRUE, browser.get().script("return window.sameDocument === true;"), "no page reload");
        assertEquals(1L, ((Number) browser.get().script("return window.woperator.connection.liveCount;")).longValue(),
                "no reconnection");
        assertEquals(path, browser.get().renderPath(), "the picture still comes the same way");
    }

    /** Sets a control of the settings dialog as a person would, which fires its change event. */
    private static void choose(Browser browser, String id, String value) {
        browser.script("const field = document.getElementById(arguments[0]); field.value = arguments[1];"
                + "field.dispatchEvent(new Event('change'));", id, value);
    }

    private static Map<?, ?> latest(Browser browser) {
        Object latest = browser.script("return window.woperator.stats.latest;");
        return latest instanceof Map<?, ?> map ? map : Map.of();
    }

    private static double figure(Browser browser, String key) {
        return latest(browser).get(key) instanceof Number n ? n.doubleValue() : -1;
    }

    private static double senderTarget(Browser browser) {
        return latest(browser).get("sender") instanceof Map<?, ?> sender && sender.get("targetKbps") instanceof Number n
                ? n.doubleValue() : -1;
    }

    private static boolean between(double value, double low, double high) {
        return value >= low && value <= high;
    }
}
