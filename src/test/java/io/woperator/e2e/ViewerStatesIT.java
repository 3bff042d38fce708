package io.woperator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.woperator.rig.Browser;
import io.woperator.rig.TestDesktopProcess;
import io.woperator.rig.Wait;
import io.woperator.rig.WoperatorServer;
import io.woperator.rig.XvfbDisplay;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the viewer shows a person beyond the picture: the banner until the first picture, nothing that is only
 * true of a live stream while it is not live and when the next try is, no token left in any address, an icon and
 * an app manifest, and no script error from clicks and taps.
 */
class ViewerStatesIT {
    private static final String TOKEN = "states-token-1";

    @Test
    void whileReconnectingTheViewerShowsNoStaleControlOrFigures() throws Exception {
        int port = WoperatorServer.freePort();
        try (XvfbDisplay display = XvfbDisplay.start(640, 480);
                Browser browser = Browser.start()) {
            try (WoperatorServer server = WoperatorServer.start(port, display.name(), "--no-audio", "--no-resize")) {
                browser.open(server.url());
                assertTrue(Wait.until(Duration.ofSeconds(20), () -> browser.videoStats().framesDecoded() > 10
                        && browser.text("control-state").startsWith("You are in control")), "live and in control");
                browser.click("stats-toggle");
                assertTrue(browser.visible("stats-panel"));
            }
            assertTrue(Wait.until(Duration.ofSeconds(10), () -> "reconnecting".equals(browser.statusState())));
            assertTrue(Wait.until(Duration.ofSeconds(10), () -> browser.text("status-text")
                    .matches("Reconnecting \\(.+\\) in \\d s…")), "why, and when the next try is: "
                    + browser.text("status-text"));
            assertFalse(browser.visible("control-state"), "'You are in control' while the server is gone");
            assertTrue(browser.visible("toolbar"), "the toolbar stays out while not live");
            assertTrue(browser.text("connection-state").matches("Reconnecting in \\d s|Reconnecting…"),
                    "the toolbar says so too: " + browser.text("connection-state"));
            assertFalse(browser.visible("stats-panel"), "frozen statistics while the server is gone");
            try (WoperatorServer server = WoperatorServer.start(port, display.name(), "--no-audio", "--no-resize")) {
                assertTrue(Wait.until(Duration.ofSeconds(20), () -> "live".equals(browser.statusState())
                        && "Live".equals(browser.text("connection-state"))), "back with the stream");
                browser.showControls();
                assertTrue(browser.visible("control-state"));
                assertTrue(browser.visible("stats-panel"));
            }
        }
    }

    @Test
    void theBannerStaysUntilTheFirstPictureIsShown() throws Exception {
        try (XvfbDisplay display = XvfbDisplay.start(1280, 720);
                TestDesktopProcess desktop = TestDesktopProcess.start(display.name(), "bars", 30);
                WoperatorServer server = WoperatorServer.start(WoperatorServer.freePort(), display.name(),
                        "--no-audio", "--no-resize");
                Browser browser = Browser.start()) {
            // watches from before the page's own scripts: when the banner goes, and whether a picture was shown
            browser.beforeEveryPage("""
                    window.bannerLog = { framesBefore: null, frames: 0 };
                    document.addEventListener('DOMContentLoaded', () => {
                      const video = document.getElementById('screen');
                      const count = () => { window.bannerLog.frames++; video.requestVideoFrameCallback(count); };
                      video.requestVideoFrameCallback(count);
                      new MutationObserver(() => {
                        const s = document.getElementById('status').dataset.state;
                        if (s === 'live' && window.bannerLog.framesBefore === null) {
                          window.bannerLog.framesBefore = window.bannerLog.frames;
                        }
                      }).observe(document.getElementById('status'), { attributes: true });
                    });
                    """);
            browser.open(server.url());
            assertTrue(Wait.until(Duration.ofSeconds(20), () -> "live".equals(browser.statusState())));
            Object framesBefore = browser.script("return window.bannerLog.framesBefore;");
            assertTrue(((Number) framesBefore).intValue() > 0,
                    "the banner went before any picture was on the screen (black instead)");
            // a first visit (a fresh browser: nothing cached) stays as light as the viewer was before its overlay
            Map<String, Number> weight = browser.pageWeight();
            System.out.println("first visit: " + weight);
            assertTrue(weight.get("transferred").longValue() <= 60 * 1024, "the page weighs " + weight);
            assertTrue(weight.get("transferred").doubleValue() < 0.5 * weight.get("decoded").doubleValue(),
                    "scripts and styles travel compressed: " + weight);
        }
    }

    @Test
    void noTokenInAnyAddressAnIconAnAppManifestAndNoScriptErrors() throws Exception {
        try (WoperatorServer server = WoperatorServer.start(WoperatorServer.freePort(), null, "--no-audio",
                "--token", TOKEN);
                Browser browser = Browser.start()) {
            browser.open(server.url() + "?token=" + TOKEN);
            browser.script("window.errorsSeen = []; addEventListener('error', (e) => window.errorsSeen.push(e.message));");
            assertTrue(Wait.until(Duration.ofSeconds(20), () -> browser.videoStats().framesDecoded() > 10),
                    "streams with the token from the link (kept in a cookie)");
            assertFalse(String.valueOf(browser.script("return location.href;")).contains(TOKEN),
                    "the token stays out of the page's address");
            List<?> addresses = (List<?>) browser.script(
                    "return performance.getEntriesByType('resource').map((e) => e.name);");
            assertTrue(addresses.stream().noneMatch(a -> String.valueOf(a).contains(TOKEN)),
                    "no request after the page carries the token: " + addresses);

            Object icon = browser.asyncScript("""
                    const done = arguments[arguments.length - 1];
                    fetch(document.querySelector('link[rel=icon]').href)
                      .then((r) => done(r.status + ' ' + r.headers.get('content-type')), (e) => done(String(e)));
                    """);
            assertTrue(String.valueOf(icon).startsWith("200 image/svg+xml"), "the page's icon: " + icon);
            Object manifest = browser.asyncScript("""
                    const done = arguments[arguments.length - 1];
                    fetch(document.querySelector('link[rel=manifest]').href).then((r) => r.json())
                      .then((m) => Promise.all(m.icons.map((i) => fetch(new URL(i.src, location.href))))
                        .then((icons) => done(`${m.name} ${m.display} ${m.icons.map((i) => i.sizes)} `
                          + icons.map((i) => `${i.status} ${i.headers.get('content-type')}`))))
                      .catch((e) => done(String(e)));
                    """);
            assertEquals("Woperator remote desktop fullscreen any,192x192,512x512 "
                    + "200 image/svg+xml,200 image/png,200 image/png", manifest, "installable as an app");

            for (int i = 0; i < 3; i++) {
                browser.mouseAt(100 + 50 * i, 100).click().perform();
                browser.touchAt(100 + 50 * i, 200, 50);
            }
            assertEquals(List.of(), browser.script("return window.errorsSeen;"), "script errors from clicks and taps");
        }
    }
}
