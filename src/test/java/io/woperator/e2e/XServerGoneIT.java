package io.woperator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.woperator.rig.Browser;
import io.woperator.rig.TestDesktopProcess;
import io.woperator.rig.Wait;
import io.woperator.rig.WoperatorServer;
import io.woperator.rig.XvfbDisplay;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The X server behind a stream goes away and comes back: the viewer says so in words meanwhile, never a frozen
 * "live" picture, and shows the desktop again once it is back, without a reload.
 */
class XServerGoneIT {

    @Test
    void theViewerSaysTheDesktopWentAwayAndShowsItAgainWhenItComesBack() throws Exception {
        XvfbDisplay display = XvfbDisplay.start(1280, 720);
        TestDesktopProcess desktop = TestDesktopProcess.start(display.name(), "bars", 30);
        try (WoperatorServer server = WoperatorServer.start(WoperatorServer.freePort(), display.name(), "--no-audio",
                "--no-resize");
                Browser browser = Browser.start()) {
            browser.open(server.url());
            assertTrue(Wait.until(Duration.ofSeconds(20), () -> browser.videoStats().framesDecoded() > 10
                    && browser.statusState().equals("live")), "live before the X server goes");

            desktop.close();
            display.close();
            long gone = System.nanoTime();
            assertTrue(Wait.until(Duration.ofSeconds(10), () -> browser.statusState().equals("waiting")),
                    "the viewer says the desktop went away; it shows: " + browser.statusState());
            System.out.printf("X server gone: said in the viewer after %.1f s%n", (System.nanoTime() - gone) / 1e9);
            String words = browser.text("status-text");
            assertTrue(words.startsWith("The desktop has gone away: ")
                    && words.endsWith("Waiting for it to come back…"), words);
            assertEquals(Boolean.FALSE, browser.script(
                    "return document.getElementById('control-state').checkVisibility();"),
                    "who is in control is not shown of a desktop that is not there");
            assertTrue(browser.visible("toolbar"), "the toolbar stays out while the desktop is gone");
            assertEquals("Desktop gone", browser.text("connection-state"));
            assertTrue(server.alive(), "the server keeps running");
            browser.screenshot(Path.of("target", "screenshots", "desktop-gone.png"));

            display = display.restartAt(1280, 720);
            long back = System.nanoTime();
            desktop = TestDesktopProcess.start(display.name(), "bars", 30);
            assertTrue(Wait.until(Duration.ofSeconds(20), () -> browser.statusState().equals("live")),
                    "live again; it shows: " + browser.statusState() + " " + browser.text("status-text"));
            System.out.printf("X server back: the viewer live again %.1f s after it started%n",
                    (System.nanoTime() - back) / 1e9);
            assertTrue(Wait.until(Duration.ofSeconds(5), () -> StreamingIT.matchesTheDesktop(browser)),
                    "the picture is the new desktop");
        } finally {
            desktop.close();
            display.close();
        }
    }
}
