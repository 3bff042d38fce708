package io.woperator.e2e;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.woperator.rig.Browser;
import io.woperator.rig.KeyFlash;
import io.woperator.rig.ProcStats;
import io.woperator.rig.SignalingClient;
import io.woperator.rig.TestDesktopProcess;
import io.woperator.rig.Wait;
import io.woperator.rig.WoperatorServer;
import io.woperator.rig.XvfbDisplay;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The screen is grabbed when it changes (the X DAMAGE extension): a still screen about once a second, a single
 * change at once (its pixels reach the viewer, and the full rate follows for a moment), a moving screen at the
 * configured rate. Frame counts come from the server's own figures (the streams API), CPU from /proc.
 */
class GrabOnChangeIT {

    private static final int FPS = 30;

    @Test
    void aStillScreenCostsAFrameASecondAndAChangeIsGrabbedAtOnce() throws Exception {
        int port = WoperatorServer.freePort();
        try (XvfbDisplay display = XvfbDisplay.start(1280, 720);
                TestDesktopProcess desktop = TestDesktopProcess.start(display.name(), "keyflash", FPS);
                WoperatorServer server = WoperatorServer.start(port, display.name(), "--fps", String.valueOf(FPS),
                        "--no-audio", "--no-microphone", "--no-resize");
                Browser browser = Browser.start();
                SignalingClient api = SignalingClient.connect(port, "/api/streams", null)) {
            browser.open(server.url());
            assertTrue(Wait.until(Duration.ofSeconds(20), () -> browser.videoStats().framesDecoded() > 0
                    && Boolean.TRUE.equals(browser.script(
                            "return window.woperator.input.channel?.readyState === 'open';"))));
            browser.mouseAt(10, 10).perform(); // the pointer over the window gives it the keyboard (no WM)

            // still: after the first viewer's start-up burst, about a frame a second
            assertTrue(Wait.until(Duration.ofSeconds(10), () -> stats(api).get("fps").asDouble() < 3),
                    "capture calms down on a still screen: " + stats(api));
            JsonNode before = stats(api);
            long start = System.nanoTime();
            ProcStats cpuBefore = server.procStats();
            Thread.sleep(6000); // the window over which the still screen is watched
            JsonNode after = stats(api);
            double seconds = (System.nanoTime() - start) / 1e9;
            ProcStats cpuAfter = server.procStats();
            long stillFrames = after.get("frames").asLong() - before.get("frames").asLong();
            System.out.printf("still screen: %d frames in about %.0f s, server CPU %.1f %% of a core%n", stillFrames,
                    seconds, (cpuAfter.cpuMillis() - cpuBefore.cpuMillis()) / (seconds * 10));
            assertTrue(stillFrames >= 4 && stillFrames <= 10, "frames of a still screen: " + stillFrames);
            assertTrue(after.get("framesDropped").asLong() == before.get("framesDropped").asLong(),
                    "a still screen misses no frame: " + before + " → " + after);

            // one change, nothing else moving: its pixels reach the viewer, grabbed at once and then at the full rate
            long framesAtPress = stats(api).get("frames").asLong();
            Object shown = browser.asyncScript(KeyFlash.PRESS_AND_TIME);
            assertNotNull(shown, "the changed screen reached the viewer");
            System.out.printf("a single change shown %.0f ms after the key press%n", ((Number) shown).doubleValue());
            long burst = stats(api).get("frames").asLong() - framesAtPress;
            assertTrue(burst >= 10, "the change was grabbed, then the full rate for a moment: " + burst + " frames");

            // moving: the configured rate
            try (TestDesktopProcess moving = TestDesktopProcess.start(display.name(), "animate", FPS)) {
                assertTrue(Wait.until(Duration.ofSeconds(10), () -> stats(api).get("fps").asDouble() >= 0.9 * FPS),
                        "a moving screen is grabbed at " + FPS + " fps: " + stats(api));
                JsonNode moved = stats(api);
                assertTrue(moved.get("fps").asDouble() <= FPS + 2, "no faster than asked: " + moved);
            }
        }
    }

    private static JsonNode stats(SignalingClient api) {
        try {
            return api.nextStats("desktop");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
