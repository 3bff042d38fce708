package io.woperator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.woperator.rig.Browser;
import io.woperator.rig.GlassToGlass;
import io.woperator.rig.Part;
import io.woperator.rig.Rig;
import io.woperator.rig.TestDesktopProcess;
import io.woperator.rig.Wait;
import io.woperator.rig.WoperatorServer;
import io.woperator.rig.XvfbDisplay;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Direct rendering (web/js/direct-render.js) recovers by itself: a frame its decoder cannot take, or a start in
 * the middle of a stream, gives a whole, current picture again within a second, whether the frames come by RTP or on
 * the data channel "frames"; and the settings switch between the paths while the stream runs. The counter desktop
 * tells which paint a shown frame is.
 */
class DirectRenderIT {

    private static final int RECOVERY_MS = 1000;
    /**
     * How soon a counter painted from now on must be shown for the picture to count as current, not stale: a
     * person tells a frozen picture from a late one at about that; the exact latency is the benchmarks'. Two
     * Chromium viewers, an AV1 encoder and the 100 Hz painter share two cores here: 1.1 s was seen once.
     */
    private static final int CURRENT_MS = 2000;

    @RegisterExtension
    static final Part<XvfbDisplay> display = Rig.display(1280, 720);
    @RegisterExtension
    static final Part<TestDesktopProcess> painter = Rig.desktop(display, "counter", 100);

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"direct", "channel"})
    void aBrokenFrameIsFollowedByAWholePictureWithinASecond(String path) throws Exception {
        try (WoperatorServer server = start(); Browser browser = Browser.start()) {
            browser.open(server.url() + "?render=" + path);
            awaitDirectFrames(browser);
            GlassToGlass.start(browser, 1280);
            long broken = System.currentTimeMillis();
            browser.script("window.woperator.connection.output.renderer.breakNextFrame();");
            assertTrue(Wait.until(Duration.ofSeconds(5), () -> recoveries(browser) == 1),
                    "the decoder refused the broken frame and started again: " + rendererState(browser));
            assertTrue(Wait.until(Duration.ofSeconds(3),
                    () -> !Double.isNaN(GlassToGlass.firstFreshFrameAfter(browser, painter.get(), broken))));
            double recoveredAfter = GlassToGlass.firstFreshFrameAfter(browser, painter.get(), broken);
            System.out.printf("direct rendering (%s): a whole picture %.0f ms after the broken frame%n", path,
                    recoveredAfter);
            assertTrue(recoveredAfter <= RECOVERY_MS, "picture back after " + recoveredAfter + " ms");
            assertEquals(path, browser.renderPath());
        }
    }

    @Test
    void theSettingSwitchesPathsWhileTheStreamRuns() throws Exception {
        try (WoperatorServer server = start(); Browser browser = Browser.start()) {
            browser.open(server.url() + "?render=browser");
            assertTrue(Wait.until(Duration.ofSeconds(20), () -> browser.videoStats().framesDecoded() > 10));
            assertEquals("browser", browser.renderPath());
            assertEquals(0, browser.framesShownDirectly());
            assertTrue(Wait.until(Duration.ofSeconds(3), () -> browser.text("render-path").equals("browser")),
                    "the statistics say which path: " + browser.text("render-path"));

            // on while the stream runs: the page connects again, with a decoder of its own (on this local link,
            // for pictures on the data channel)
            toggleSetting(browser);
            awaitPath(browser, "channel");
            assertTrue(Wait.until(Duration.ofSeconds(3), () -> browser.text("render-path").equals("channel")),
                    "the statistics say which path: " + browser.text("render-path"));
            assertCurrentPicture(browser);
            assertEquals("true", browser.script("return localStorage.getItem('woperator.directRender');"),
                    "the choice is kept for this browser");

            toggleSetting(browser);
            assertTrue(Wait.until(Duration.ofSeconds(10), () -> "browser".equals(browser.renderPath())
                    && browser.videoStats().framesDecoded() > 10));
            assertEquals(0, browser.framesShownDirectly(), "off means no decoder of ours");
            assertCurrentPicture(browser);
        }
    }

    /**
     * On a local link (here, the same machine) pictures come on the data channel "frames" by themselves; the setting
     * "outside RTP" turns that off and on while the stream runs; a codec the server cannot encode itself (AV1) is
     * refused there and RTP takes over, rendered directly; two viewers on the channel share one encoder of the
     * server's, which stops when they leave.
     */
    @Test
    void theDataChannelIsTakenOnALocalLinkSharedAndLeftWhenItCannotServe() throws Exception {
        try (WoperatorServer server = start(); Browser browser = Browser.start(); Browser second = Browser.start()) {
            browser.open(server.url());
            assertTrue(Wait.until(Duration.ofSeconds(20), () -> "channel".equals(browser.renderPath())
                    && browser.framesShownDirectly() > 10), "pictures on the data channel: " + rendererState(browser));
            assertEquals(true, browser.script("return window.woperator.connection.localLink;"), "a local link");
            assertTrue(Wait.until(Duration.ofSeconds(3), () -> browser.text("render-path").equals("channel")),
                    "the statistics say which path: " + browser.text("render-path"));
            assertCurrentPicture(browser);
            assertTrue(Wait.until(Duration.ofSeconds(5), () -> "VP8".equals(browser.script(
                    "return window.woperator.stats.latest?.codec;")) && ((Number) browser.script(
                    "return window.woperator.stats.latest?.fps ?? 0;")).doubleValue() > 20),
                    "the statistics count the channel's pictures: " + browser.script(
                    "return JSON.stringify(window.woperator.stats.latest);"));

            // off: RTP, rendered directly; on again: the channel
            browser.script("document.getElementById('setting-frames-channel').click();");
            awaitPath(browser, "direct");
            assertEquals("false", browser.script("return localStorage.getItem('woperator.framesChannel');"),
                    "the choice is kept for this browser");
            assertCurrentPicture(browser);
            browser.script("document.getElementById('setting-frames-channel').click();");
            awaitPath(browser, "channel");
            assertEquals("true", browser.script("return localStorage.getItem('woperator.framesChannel');"));

            long encodersStarted = encodersStarted(server);
            second.open(server.url() + "?render=channel");
            awaitDirectFrames(second);
            assertCurrentPicture(second);
            assertEquals(encodersStarted, encodersStarted(server), "the second viewer shares the first's encoder");
            assertTrue(server.metric("woperator_channel_encoded_pictures_total{stream=\"desktop\"}") > 10,
                    "/metrics counts the channel's pictures");

            // AV1 is not among the server's own encoders: refused on the channel, RTP takes over
            browser.script("const field = document.getElementById('quality-codec'); field.value = 'av1';"
                    + "field.dispatchEvent(new Event('change'));");
            assertTrue(Wait.until(Duration.ofSeconds(15), () -> "direct".equals(browser.renderPath())
                    && browser.videoStats().codec().equals("video/AV1")),
                    "RTP took over: " + browser.renderPath() + ", " + rendererState(browser));
            long rtpFrames = browser.rtpFramesDecoded();
            assertTrue(Wait.until(Duration.ofSeconds(5), () -> browser.rtpFramesDecoded() > rtpFrames + 10),
                    "RTP's picture runs again");
            assertCurrentPicture(browser);
            // the other viewer keeps its picture on the channel; how far behind it is while libwebrtc's AV1 encoder
            // takes most of the machine is a benchmark's question (5 s was seen with a busy neighbour on 2 cores)
            assertEquals("channel", second.renderPath(), "the other viewer stays on the channel");
            long shown = second.framesShownDirectly();
            assertTrue(Wait.until(Duration.ofSeconds(5), () -> second.framesShownDirectly() > shown + 10),
                    "the other viewer's picture goes on: " + rendererState(second));

            assertTrue(frameEncoders(server) > 0, "the other viewer's encoder runs: " + server.threadNames());
            second.close();
            assertTrue(Wait.until(Duration.ofSeconds(10), () -> frameEncoders(server) == 0),
                    "the encoder stops with its last viewer: " + server.threadNames());
        }
    }

    private static long encodersStarted(WoperatorServer server) {
        return server.log().stream().filter(line -> line.contains("pictures of stream") && line.contains("ourselves"))
                .count();
    }

    /** The threads of the server's own encoders: /proc gives 15 characters of a name, its codec's workers inherit it. */
    private static long frameEncoders(WoperatorServer server) {
        return server.threadNames().stream().filter(name -> name.startsWith("woperator-frame")).count();
    }

    /** The viewer shows what is painted now: a counter painted from this moment on is shown within {@link #CURRENT_MS}. */
    private static void assertCurrentPicture(Browser browser) throws InterruptedException {
        GlassToGlass.start(browser, 1280);
        long now = System.currentTimeMillis();
        assertTrue(Wait.until(Duration.ofMillis(CURRENT_MS + 3000),
                () -> !Double.isNaN(GlassToGlass.firstFreshFrameAfter(browser, painter.get(), now))),
                "no current picture: " + rendererState(browser));
        double after = GlassToGlass.firstFreshFrameAfter(browser, painter.get(), now);
        assertTrue(after <= CURRENT_MS, "a current picture after " + after + " ms");
    }

    private static WoperatorServer start() throws Exception {
        return WoperatorServer.start(WoperatorServer.freePort(), display.get().name(), "--no-audio", "--no-resize",
                "--fps", "30");
    }

    private static void awaitDirectFrames(Browser browser) throws InterruptedException {
        assertTrue(Wait.until(Duration.ofSeconds(20), () -> browser.framesShownDirectly() > 10),
                "direct rendering showed frames: " + rendererState(browser));
    }

    /** Waits until the page shows its picture by {@code path}, with frames shown since (its own renderer's count). */
    private static void awaitPath(Browser browser, String path) throws InterruptedException {
        assertTrue(Wait.until(Duration.ofSeconds(10), () -> path.equals(browser.renderPath())
                && browser.framesShownDirectly() > 10), "shown by " + path + ": " + browser.renderPath() + ", "
                + rendererState(browser));
    }

    private static void toggleSetting(Browser browser) {
        browser.script("const box = document.getElementById('setting-direct-render'); box.click();");
    }

    private static long recoveries(Browser browser) {
        return ((Number) browser.script(
                "return window.woperator.connection.output.renderer.state.recoveries;")).longValue();
    }

    private static Object rendererState(Browser browser) {
        return browser.script("return JSON.stringify(window.woperator.connection.output?.renderer?.state);");
    }
}
