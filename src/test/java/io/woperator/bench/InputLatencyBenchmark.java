package io.woperator.bench;

import io.woperator.rig.Browser;
import io.woperator.rig.KeyFlash;
import io.woperator.rig.TestDesktopProcess;
import io.woperator.rig.Wait;
import io.woperator.rig.WoperatorServer;
import io.woperator.rig.XvfbDisplay;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Input-to-photon latency: the page presses a key through the viewer's own input path (data channel, XTest);
 * the desktop turns white or black at each press; requestVideoFrameCallback times the first frame that shows it.
 * Both ends are on the page's clock; with the picture taken on the data channel, rendered directly from RTP, and
 * rendered by the browser. Run with
 * {@code bench/run.sh input [presses=40] [fps=30] [size=1280x720]}.
 */
public final class InputLatencyBenchmark {

    public static void main(String[] args) throws Exception {
        int presses = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        int fps = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        String[] size = (args.length > 2 ? args[2] : "1280x720").split("x");
        try (XvfbDisplay display = XvfbDisplay.start(Integer.parseInt(size[0]), Integer.parseInt(size[1]));
                TestDesktopProcess desktop = TestDesktopProcess.start(display.name(), "keyflash", fps);
                WoperatorServer server = WoperatorServer.start(WoperatorServer.freePort(), display.name(),
                        "--fps", String.valueOf(fps), "--no-audio", "--no-microphone", "--no-resize",
                        "--log-level", "warn");
                Browser browser = Browser.start()) {
            for (String render : List.of("channel", "direct", "browser")) {
                List<Double> latencies = new ArrayList<>();
                int lost = measure(browser, server.url() + "?render=" + render, presses, latencies);
                // a press not seen within the wait counts as the wait: a lost press pulls the figures up, not out
                latencies.addAll(Collections.nCopies(lost, (double) KeyFlash.WAIT_MS));
                Collections.sort(latencies);
                System.out.printf(Locale.ROOT, "Input to photon (to expectedDisplayTime), %sx%s@%d, render %s, %d "
                                + "presses (%d not seen within %d ms, counted as that): median %.0f ms, p95 %.0f ms, "
                                + "min %.0f, max %.0f%n", size[0], size[1], fps, render, presses, lost,
                        KeyFlash.WAIT_MS, percentile(latencies, 50), percentile(latencies, 95), latencies.get(0),
                        latencies.get(latencies.size() - 1));
            }
        }
    }

    /** Presses keys on a freshly opened viewer; adds each latency seen, returns how many presses were not seen. */
    private static int measure(Browser browser, String url, int presses, List<Double> latencies) throws Exception {
        browser.open(url);
        // in control too: the previous page's viewer may hold the seat until the server sees it leave
        if (!Wait.until(Duration.ofSeconds(20), () -> browser.videoStats().framesDecoded() > 10
                && Boolean.TRUE.equals(browser.script("return window.woperator.input.channel?.readyState === 'open'"
                        + " && window.woperator.connection.state.inControl;")))) {
            throw new IllegalStateException("the viewer did not stream in control with its input channel open");
        }
        browser.mouseAt(10, 10).perform(); // the pointer over the window gives it the keyboard (no WM)
        Thread.sleep(2000); // let bandwidth estimation settle before measuring
        int lost = 0;
        for (int i = 0; i < presses; i++) {
            Object shown = browser.asyncScript(KeyFlash.PRESS_AND_TIME);
            if (shown == null) {
                lost++;
            } else {
                latencies.add(((Number) shown).doubleValue());
            }
            Thread.sleep(150); // let the screen settle between presses
        }
        return lost;
    }

    private static double percentile(List<Double> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, sorted.size() * p / 100));
    }
}
