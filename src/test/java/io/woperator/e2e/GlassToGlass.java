package io.woperator.e2e;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Glass-to-glass latency with web/js/latency-probe.js: the desktop ("counter" mode of {@link TestDesktop}) says
 * when it painted each counter, the viewer's probe says when the frame showing it was presented, both on this
 * machine's clock.
 */
public final class GlassToGlass {

    /**
     * One run: frames presented, those whose counter could not be read, latencies in ms in order, and the latency
     * the viewer's stats panel showed at the end (its live estimate, see web/js/stats.js; NaN when none).
     */
    public record Result(int frames, int unread, List<Integer> counters, List<Double> latenciesMs,
            double liveEstimateMs) {

        public double percentile(double p) {
            List<Double> sorted = new ArrayList<>(latenciesMs);
            sorted.sort(null);
            return sorted.isEmpty() ? Double.NaN
                    : sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(p / 100 * sorted.size())));
        }

        public double max() {
            return latenciesMs.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        }
    }

    private GlassToGlass() {
    }

    /** Starts the probe on the viewer's video (screenWidth: the desktop's width, for a scaled-down picture). */
    public static void start(Browser browser, int screenWidth) {
        browser.asyncScript("const done = arguments[arguments.length - 1];"
                + "import('/js/latency-probe.js').then((m) => {"
                + "  window.latencyProbe = new m.LatencyProbe(document.getElementById('screen'), arguments[0]);"
                + "  window.latencyProbe.start(); done(); });", screenWidth);
    }

    /** How many presented frames the probe has seen so far. */
    public static long frames(Browser browser) {
        return ((Number) browser.script("return window.latencyProbe.samples.length;")).longValue();
    }

    /** Stops the probe and pairs each presented frame with the paint of the counter it shows. */
    @SuppressWarnings("unchecked")
    public static Result collect(Browser browser, TestDesktopProcess painter) {
        List<Map<String, Object>> samples = (List<Map<String, Object>>) browser.script(
                "window.latencyProbe.stop(); return window.latencyProbe.samples;");
        Map<Integer, Long> paintedMicros = new HashMap<>();
        for (String line : painter.output()) {
            if (line.startsWith("PAINT ")) {
                String[] f = line.split(" ");
                paintedMicros.put(Integer.parseInt(f[1]), Long.parseLong(f[2]));
            }
        }
        int unread = 0;
        List<Integer> counters = new ArrayList<>();
        List<Double> latencies = new ArrayList<>();
        for (Map<String, Object> sample : samples) {
            Object counter = sample.get("counter");
            Long painted = counter == null ? null : paintedMicros.get(((Number) counter).intValue());
            if (painted == null) {
                unread++;
                continue;
            }
            counters.add(((Number) counter).intValue());
            latencies.add(((Number) sample.get("presentedMs")).doubleValue() - painted / 1000.0);
        }
        Object estimate = browser.script("return window.woperator.stats.latest?.latencyMs;");
        return new Result(samples.size(), unread, counters, latencies,
                estimate instanceof Number n ? n.doubleValue() : Double.NaN);
    }
}
