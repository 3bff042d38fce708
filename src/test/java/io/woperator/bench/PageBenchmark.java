package io.woperator.bench;

import io.woperator.rig.Browser;
import io.woperator.rig.TestDesktopProcess;
import io.woperator.rig.Wait;
import io.woperator.rig.WoperatorServer;
import io.woperator.rig.XvfbDisplay;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the viewer costs to open: the bytes a first visit transfers (everything the page loads by its first frame,
 * with the browser's cache off) against the same files uncompressed, and the time from navigation to the first
 * frame shown, on each render path (the default, which takes the data channel on a local link once connected; the
 * data channel from the start; RTP rendered directly; RTP rendered by the browser), over a
 * number of cold loads in one browser. The issue that set the budget
 * measured 60 kB and about 1 s; the ratio says what compression saves in this run.
 *
 * <p>Run with {@code bench/run.sh page [loads=10]}.
 */
public final class PageBenchmark {

    record Load(long transferred, long decoded, int files, double firstFrameMs) {
    }

    public static void main(String[] args) throws Exception {
        int loads = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        try (XvfbDisplay display = XvfbDisplay.start(1280, 720);
                TestDesktopProcess desktop = TestDesktopProcess.start(display.name(), "bars", 30);
                WoperatorServer server = WoperatorServer.start(WoperatorServer.freePort(), display.name(),
                        "--no-audio", "--no-resize", "--log-level", "warn");
                Browser browser = Browser.start()) {
            browser.devTools("Network.enable", Map.of());
            browser.devTools("Network.setCacheDisabled", Map.of("cacheDisabled", true));
            System.out.println("Woperator viewer page: cold loads (no cache), 1280x720 desktop, one viewer");
            System.out.println("render   loads  transferred-kB  uncompressed-kB  ratio  files  first-frame-ms median  p90");
            for (String render : List.of("auto", "channel", "direct", "browser")) {
                List<Load> results = new ArrayList<>();
                for (int i = 0; i < loads; i++) {
                    results.add(load(browser, server.url() + "?render=" + render));
                }
                Load first = results.get(0);
                List<Double> times = results.stream().map(Load::firstFrameMs).sorted().toList();
                System.out.printf(Locale.ROOT, "%-8s %5d  %14.1f  %15.1f  %5.2f  %5d  %21.0f  %4.0f%n", render, loads,
                        first.transferred() / 1024.0, first.decoded() / 1024.0,
                        first.transferred() / (double) first.decoded(), first.files(),
                        times.get(times.size() / 2), times.get((int) Math.ceil(times.size() * 0.9) - 1));
            }
        }
    }

    private static Load load(Browser browser, String url) throws Exception {
        browser.open(url);
        if (!Wait.until(Duration.ofSeconds(30), () -> browser.script("return window.woperator.firstFrameMs;") != null)) {
            throw new IllegalStateException("no frame within 30 s");
        }
        Map<String, Number> weight = browser.pageWeight();
        return new Load(weight.get("transferred").longValue(), weight.get("decoded").longValue(),
                weight.get("files").intValue(),
                ((Number) browser.script("return window.woperator.firstFrameMs;")).doubleValue());
    }
}
