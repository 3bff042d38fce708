package io.woperator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.woperator.rig.Browser;
import io.woperator.rig.DesktopPattern;
import io.woperator.rig.TestDesktopProcess;
import io.woperator.rig.Wait;
import io.woperator.rig.WoperatorServer;
import io.woperator.rig.XvfbDisplay;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where the picture comes from when the display is missing or changes under the server. */
class VideoSourceIT {

    /** The test pattern's top bars, as the README promises them: 75 % white, yellow, cyan, green, magenta, red, blue. */
    private static final int[] BARS = {0xBFBFBF, 0xBFBF00, 0x00BFBF, 0x00BF00, 0xBF00BF, 0xBF0000, 0x0000BF};

    @Test
    void withoutADisplayTheTestPatternIsStreamed() throws Exception {
        try (WoperatorServer server = WoperatorServer.start(WoperatorServer.freePort(), null, "--resolution", "640x360");
                Browser browser = Browser.start()) {
            assertTrue(server.awaitLog("No X11 display"), "the server must say in one line why it streams a pattern");
            assertEquals("test_pattern", server.health().source());
            browser.open(server.url());
            assertTrue(Wait.until(Duration.ofSeconds(20), () -> browser.videoStats().framesDecoded() > 30),
                    "the test pattern was not decoded");
            Browser.VideoStats stats = browser.videoStats();
            assertEquals(640, stats.width());
            assertEquals(360, stats.height());

            List<int[]> points = new ArrayList<>();
            for (int bar = 0; bar < BARS.length; bar++) {
                points.add(new int[] {(int) ((bar + 0.5) * 640 / BARS.length), 360 / 3});
            }
            List<Integer> seen = browser.samplePixels(points);
            for (int bar = 0; bar < BARS.length; bar++) {
                assertTrue(DesktopPattern.alike(seen.get(bar), BARS[bar]),
                        String.format("bar %d: saw %06x, expected %06x", bar, seen.get(bar), BARS[bar]));
            }
        }
    }

    @Test
    void captureFollowsTheDisplayToANewSizeWithoutAServerRestart() throws Exception {
        XvfbDisplay display = XvfbDisplay.start(800, 600);
        TestDesktopProcess desktop = TestDesktopProcess.start(display.name(), "bars", 30);
        try (WoperatorServer server = WoperatorServer.start(WoperatorServer.freePort(), display.name(), "--no-resize");
                Browser browser = Browser.start()) {
            browser.open(server.url());
            assertTrue(Wait.until(Duration.ofSeconds(20), () -> browser.videoStats().width() == 800),
                    "the first size was not streamed");

            desktop.close();
            display.close();
            display = display.restartAt(1024, 768);
            desktop = TestDesktopProcess.start(display.name(), "bars", 30);

            assertTrue(Wait.until(Duration.ofSeconds(30), () -> browser.videoStats().width() == 1024
                    && browser.videoStats().height() == 768), "the new screen size did not reach the viewer");
            assertTrue(server.alive());
            assertTrue(server.awaitLog("Video capture failed, retrying"), "the outage must be logged");
        } finally {
            desktop.close();
            display.close();
        }
    }
}
