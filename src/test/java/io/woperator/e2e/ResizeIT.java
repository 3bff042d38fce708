package io.woperator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.woperator.rig.Browser;
import io.woperator.rig.TestDesktopProcess;
import io.woperator.rig.Wait;
import io.woperator.rig.WoperatorServer;
import io.woperator.rig.XvfbDisplay;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.Dimension;

/** The desktop follows the viewer's window: the X screen takes its size, and the video that size too. */
class ResizeIT {

    /** The same whether the picture comes by RTP or, encoded by the server's own encoder, on the data channel. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"direct", "channel"})
    void resizingTheBrowserWindowResizesTheDesktopAndTheVideo(String path) throws Exception {
        // Xvfb takes any RandR mode up to the size it was started with, so it starts large
        try (XvfbDisplay display = XvfbDisplay.start(2560, 1600);
                TestDesktopProcess desktop = TestDesktopProcess.start(display.name(), "bars", 30);
                WoperatorServer server = WoperatorServer.start(WoperatorServer.freePort(), display.name(),
                        "--no-audio", "--no-microphone");
                Browser browser = Browser.start()) {
            browser.open(server.url() + "?render=" + path);
            for (Dimension window : List.of(new Dimension(1000, 700), new Dimension(1300, 850))) {
                browser.resizeWindow(window);
                int[] inner = browser.innerSize();
                int wantWidth = inner[0] & ~1;
                int wantHeight = inner[1] & ~1;
                assertTrue(Wait.until(Duration.ofSeconds(15), () -> {
                    Browser.VideoStats stats = browser.videoStats();
                    return stats.width() == wantWidth && stats.height() == wantHeight;
                }), "window " + window + ": wanted video " + wantWidth + "x" + wantHeight + ", got "
                        + browser.videoStats() + "; X says " + screenSize(display.name()));
                System.out.println("window " + window + " -> desktop and video " + wantWidth + "x" + wantHeight
                        + " (" + path + ")");
            }
            assertEquals(path, browser.renderPath());
            assertTrue(server.awaitLog("Screen resized to"), "the server must say it resized the screen");
        }
    }

    @Test
    void aWindowTheScreenCannotMatchGetsTheLargestItCanAndResizingGoesOn() throws Exception {
        try (XvfbDisplay display = XvfbDisplay.start(1024, 600);
                TestDesktopProcess desktop = TestDesktopProcess.start(display.name(), "bars", 30);
                WoperatorServer server = WoperatorServer.start(WoperatorServer.freePort(), display.name(),
                        "--no-audio", "--no-microphone");
                Browser phone = Browser.start()) {
            // a phone's portrait window is taller than this screen can be
            phone.resizeWindow(new Dimension(390, 844));
            phone.open(server.url());
            int[] inner = phone.innerSize();
            assertTrue(inner[1] > 600, "the window must ask more height than the screen has: " + inner[1]);
            assertTrue(Wait.until(Duration.ofSeconds(15), () -> phone.videoStats().height() == 600
                    && phone.videoStats().width() < 400), "the desktop takes the phone's shape at the screen's "
                    + "largest height; got " + phone.videoStats() + "; X says " + screenSize(display.name()));
            // and resizing is still on for the next window
            phone.resizeWindow(new Dimension(900, 500));
            int[] next = phone.innerSize();
            assertTrue(Wait.until(Duration.ofSeconds(15), () -> phone.videoStats().width() == (next[0] & ~1)
                    && phone.videoStats().height() == (next[1] & ~1)), "a later window still resizes the desktop; got "
                    + phone.videoStats());
        }
    }

    @Test
    void theFirstViewersWindowSizeIsTakenWithoutACaptureFailure() throws Exception {
        try (XvfbDisplay display = XvfbDisplay.start(1280, 720);
                TestDesktopProcess desktop = TestDesktopProcess.start(display.name(), "bars", 30);
                WoperatorServer server = WoperatorServer.start(WoperatorServer.freePort(), display.name(),
                        "--no-audio", "--no-microphone");
                Browser browser = Browser.start()) {
            // capture starts as the first viewer comes, and that viewer's window resizes the screen at once: a
            // race, so run a few times, each time with a window of another shape
            int previousHeight = 720;
            for (Dimension window : List.of(new Dimension(1920, 1080), new Dimension(1600, 1000),
                    new Dimension(1920, 1080))) {
                browser.resizeWindow(window);
                browser.open(server.url());
                int before = previousHeight;
                assertTrue(Wait.until(Duration.ofSeconds(15), () -> browser.videoStats().width() == 1280
                        && browser.videoStats().height() != before), "the desktop takes the window's shape; got "
                        + browser.videoStats() + "; X says " + screenSize(display.name()));
                previousHeight = browser.videoStats().height();
                browser.open("about:blank");
            }
            List<String> trouble = server.log().stream()
                    .filter(line -> line.contains(" ERROR ") || line.contains("capture failed")).toList();
            assertTrue(trouble.isEmpty(), "a resize under a starting capture is no failure: " + trouble);
        }
    }

    @Test
    void aServerStartedAgainResizesToAModeTheEarlierOneMade() throws Exception {
        try (XvfbDisplay display = XvfbDisplay.start(1280, 720);
                TestDesktopProcess desktop = TestDesktopProcess.start(display.name(), "bars", 30);
                Browser browser = Browser.start()) {
            browser.resizeWindow(new Dimension(1000, 700));
            int[] inner = browser.innerSize();
            for (int run = 0; run < 2; run++) {
                try (WoperatorServer server = WoperatorServer.start(WoperatorServer.freePort(), display.name(),
                        "--no-audio", "--no-microphone")) {
                    browser.open(server.url());
                    assertTrue(Wait.until(Duration.ofSeconds(15), () -> browser.videoStats().width() == (inner[0] & ~1)
                            && browser.videoStats().height() == (inner[1] & ~1)), "run " + run + ": "
                            + browser.videoStats());
                    if (run == 0) {
                        // the next server finds the screen at another size, and the mode made for this window
                        browser.open("about:blank");
                        assertTrue(new ProcessBuilder("xrandr", "-display", display.name(), "-s", "1280x720").start()
                                .waitFor() == 0);
                    } else {
                        assertTrue(server.log().stream().noneMatch(l -> l.contains("did not take")),
                                "the mode is taken as it is: " + server.log());
                    }
                }
            }
        }
    }

    private static String screenSize(String display) throws Exception {
        Process p = new ProcessBuilder("xrandr", "-display", display, "--current").start();
        return new String(p.getInputStream().readAllBytes()).lines().findFirst().orElse("?");
    }
}
