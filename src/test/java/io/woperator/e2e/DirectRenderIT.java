package io.woperator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Direct rendering (web/js/direct-render.js) recovers by itself: a frame its decoder cannot take, or a start in
 * the middle of a stream, gives a whole, current picture again within a second; and the setting switches between
 * it and the browser's own path while the stream runs. The counter desktop tells which paint a shown frame is.
 */
class DirectRenderIT {

    private static final int RECOVERY_MS = 1000;

    private static XvfbDisplay display;
    private static TestDesktopProcess painter;

    @BeforeAll
    static void startDesktop() throws Exception {
        display = XvfbDisplay.start(1280, 720);
        painter = TestDesktopProcess.start(display.name(), "counter", 100);
    }

    @AfterAll
    static void stopDesktop() throws Exception {
        if (painter != null) {
            painter.close();
        }
        if (display != null) {
            display.close();
        }
    }

    @Test
    void aBrokenFrameIsFollowedByAWholePictureWithinASecond() throws Exception {
        try (WoperatorServer server = start(); Browser browser = Browser.start()) {
            browser.open(server.url());
            awaitDirectFrames(browser);
            GlassToGlass.start(browser, 1280);
            long broken = System.currentTimeMillis();
            browser.script("window.woperator.connection.output.renderer.breakNextFrame();");
            assertTrue(Wait.until(Duration.ofSeconds(5), () -> recoveries(browser) == 1),
                    "the decoder refused the broken frame and started again: " + rendererState(browser));
            assertTrue(Wait.until(Duration.ofSeconds(3),
                    () -> !Double.isNaN(GlassToGlass.firstFreshFrameAfter(browser, painter, broken))));
            double recoveredAfter = GlassToGlass.firstFreshFrameAfter(browser, painter, broken);
            System.out.printf("direct rendering: a whole picture %.0f ms after the broken frame%n", recoveredAfter);
            assertTrue(recoveredAfter <= RECOVERY_MS, "picture back after " + recoveredAfter + " ms");
            assertEquals("direct", browser.renderPath());
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

            // on while the stream runs: the page connects again, with a decoder of its own
            toggleSetting(browser);
            assertTrue(Wait.until(Duration.ofSeconds(10), () -> "direct".equals(browser.renderPath())
                    && browser.framesShownDirectly() > 10), "direct rendering: " + rendererState(browser));
            assertTrue(Wait.until(Duration.ofSeconds(3), () -> browser.text("render-path").equals("direct")),
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

    /** The viewer shows what is painted now: a counter painted from this moment on is read within a second. */
    private static void assertCurrentPicture(Browser browser) throws InterruptedException {
        GlassToGlass.start(browser, 1280);
        long now = System.currentTimeMillis();
        assertTrue(Wait.until(Duration.ofSeconds(3),
                () -> !Double.isNaN(GlassToGlass.firstFreshFrameAfter(browser, painter, now))));
        double after = GlassToGlass.firstFreshFrameAfter(browser, painter, now);
        assertTrue(after <= RECOVERY_MS, "a current picture after " + after + " ms");
    }

    private static WoperatorServer start() throws Exception {
        return WoperatorServer.start(WoperatorServer.freePort(), display.name(), "--no-audio", "--no-resize",
                "--fps", "30");
    }

    private static void awaitDirectFrames(Browser browser) throws InterruptedException {
        assertTrue(Wait.until(Duration.ofSeconds(20), () -> browser.framesShownDirectly() > 10),
                "direct rendering showed frames: " + rendererState(browser));
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
