package io.woperator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.woperator.rig.Browser;
import io.woperator.rig.NpmPackage;
import io.woperator.rig.TestDesktopProcess;
import io.woperator.rig.Wait;
import io.woperator.rig.WoperatorServer;
import io.woperator.rig.XvfbDisplay;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Dimension;

/**
 * The viewer as axe-core (from the npm registry, installed by the test) judges it, live, at desktop and phone
 * sizes (the phone with touch): no serious or critical accessibility violation. Screenshots of each size go to
 * target/screenshots.
 */
class AccessibilityIT {
    private static final String AXE_VERSION = "4.14.1";

    @Test
    void theViewerHasNoSeriousAccessibilityViolations() throws Exception {
        String axe = axeSource();
        try (XvfbDisplay display = XvfbDisplay.start(1920, 1080);
                TestDesktopProcess desktop = TestDesktopProcess.start(display.name(), "bars", 30);
                WoperatorServer server = WoperatorServer.start(WoperatorServer.freePort(), display.name(),
                        "--no-audio", "--no-resize");
                Browser browser = Browser.start()) {
            for (Dimension size : List.of(new Dimension(1280, 720), new Dimension(1920, 1080),
                    new Dimension(390, 844))) {
                browser.resizeWindow(size);
                // the phone size as a phone is: a touch screen
                browser.devTools("Emulation.setTouchEmulationEnabled", Map.of("enabled", size.width < 600,
                        "maxTouchPoints", 5));
                browser.open(server.url());
                assertTrue(Wait.until(Duration.ofSeconds(20), () -> "live".equals(browser.statusState())));
                String name = size.width + "x" + size.height;
                assertTrue(Wait.until(Duration.ofSeconds(5), () -> Boolean.TRUE.equals(browser.script("""
                        return document.getElementById('overlay').dataset.shown === 'false'
                            && document.getElementById('toolbar').getAnimations().length === 0;
                        """))), "the toolbar hides itself");
                browser.screenshot(Path.of("target", "screenshots", "viewer-" + name + "-working.png"));
                // everything there is to see: the toolbar out, the statistics open, then the settings
                browser.click("stats-toggle");
                assertTrue(Wait.until(Duration.ofSeconds(5), () -> !"–".equals(browser.script(
                        "return document.querySelector('#graphs .value').textContent;"))), "the graphs show figures");
                browser.showControls();
                browser.screenshot(Path.of("target", "screenshots", "viewer-" + name + ".png"));
                assertNoSeriousViolations(browser, axe, size + " with the toolbar and statistics");
                browser.click("settings-open");
                browser.screenshot(Path.of("target", "screenshots", "settings-" + name + ".png"));
                assertNoSeriousViolations(browser, axe, size + " in the settings");
                browser.script("document.getElementById('settings').close();");
                browser.click("stats-toggle");
            }
        }
    }

    static void assertNoSeriousViolations(Browser browser, String axe, String where) {
        browser.script(axe);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> violations = (List<Map<String, Object>>) browser.asyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, { resultTypes: ['violations'] }).then((r) => done(r.violations.map((v) => ({
                  id: v.id, impact: v.impact, help: v.help,
                  nodes: v.nodes.map((n) => n.target.join(' ') + ': ' + n.failureSummary).slice(0, 5) }))));
                """);
        violations.forEach(v -> System.out.println("axe at " + where + ": " + v));
        List<String> serious = violations.stream().filter(v -> List.of("serious", "critical")
                .contains(v.get("impact"))).map(v -> v.get("id") + ": " + v.get("nodes")).toList();
        assertEquals(List.of(), serious, "serious accessibility violations at " + where);
    }

    @Test
    void theBarReadsOnAnyDesktopAndItsWordsFit() throws Exception {
        try (XvfbDisplay display = XvfbDisplay.start(1280, 720);
                WoperatorServer server = WoperatorServer.start(WoperatorServer.freePort(), display.name(),
                        "--no-audio", "--no-resize");
                Browser browser = Browser.start()) {
            browser.open(server.url());
            assertTrue(Wait.until(Duration.ofSeconds(20), () -> "live".equals(browser.statusState())));
            browser.click("stats-toggle");
            assertTrue(Wait.until(Duration.ofSeconds(5), () -> !"–".equals(browser.script(
                    "return document.querySelector('#graphs .value').textContent;"))), "the graphs show figures");
            browser.showControls();
            browser.script("window.woperator.notices.show('A notice');");
            // every text of the toolbar, the statistics and the notices over the worst desktop behind them (white):
            // at least 4.5:1
            @SuppressWarnings("unchecked")
            List<String> faint = (List<String>) browser.script("""
                    const rgba = (c) => c.match(/[\\d.]+/g).map(Number).concat([1]).slice(0, 4);
                    const luminance = ([r, g, b]) => [r, g, b].map((v) => v / 255)
                      .map((v) => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)
                      .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
                    const over = (top, under) => top.slice(0, 3).map((v, i) => v * top[3] + under[i] * (1 - top[3]));
                    const backdrop = (element) => {
                      const chain = [];
                      for (let e = element; e; e = e.parentElement) chain.unshift(rgba(getComputedStyle(e).backgroundColor));
                      return chain.reduce((under, layer) => over(layer, under), [255, 255, 255]);
                    };
                    const faint = [];
                    for (const e of document.querySelectorAll(
                        '#toolbar :is(span, button), #stats-panel :is(h2, span, dt, dd), .notice')) {
                      if (!e.textContent.trim() || e.getClientRects().length === 0) continue;
                      const [a, b] = [luminance(rgba(getComputedStyle(e).color)), luminance(backdrop(e))];
                      const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
                      if (ratio < 4.5) faint.push(`${e.id || e.textContent.trim()}: ${ratio.toFixed(2)}`);
                    }
                    return faint;
                    """);
            assertEquals(List.of(), faint, "text of the toolbar, statistics and notices over a white desktop");
            @SuppressWarnings("unchecked")
            List<String> cut = (List<String>) browser.script("""
                    return [...document.querySelectorAll('#graphs figcaption')]
                      .filter((c) => c.scrollWidth > c.clientWidth + 1).map((c) => c.textContent);
                    """);
            assertEquals(List.of(), cut, "graph captions cut short");
            assertEquals("Bitrate ceiling kbit/s", browser.script(
                    "return document.getElementById('quality-bitrate').closest('label').textContent.replace(/\\s+/g, ' ').trim();"));
        }
    }

    /** axe-core from the npm registry. */
    static String axeSource() throws Exception {
        return Files.readString(NpmPackage.file("axe-core", AXE_VERSION, "axe.min.js"));
    }
}
