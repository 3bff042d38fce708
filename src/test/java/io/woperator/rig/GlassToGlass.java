package io.woperator.rig;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Glass-to-glass latency with web/js/latency-probe.js: the desktop ("counter" mode of {@link TestDesktop}) says
 * when it painted each counter, the viewer's probe says when the frame showing it is expected on screen
 * (requestVideoFrameCallback's expectedDisplayTime), both on this machine's clock.
 */
public final class GlassToGlass {

    /**
     * One run: frames presented, those whose counter could not be read, latencies in ms in order (paint → expected
     * on screen; paint → rVFC's presentationTime, which can be earlier; and the parts
     * paint → received and received → shown, where received is when the encoded picture reached the page's code,
     * known on our renderer's paths only), and the latency the viewer's stats panel showed at the end (its live
     * estimate, see web/js/stats.js; NaN when none).
     */
    public record Result(int frames, int unread, List<Integer> counters, List<Double> latenciesMs,
            List<Double> toPresentationMs, List<Double> paintToReceivedMs, List<Double> receivedToShownMs,
            double liveEstimateMs) {

        public double percentile(double p) {
            return percentile(latenciesMs, p);
        }

        public static double percentile(List<Double> values, double p) {
            List<Double> sorted = new ArrayList<>(values);
            sorted.sort(null);
            return sorted.isEmpty() ? Double.NaN
                    : sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(p / 100 * sorted.size())));
        }

        public double max() {
            return latenciesMs.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        }

        /** "median m ms, p95 p ms, max x ms (n frames, u unread)": the figures every report of a run gives. */
        public String summary() {
            return String.format(Locale.ROOT, "median %.1f ms, p95 %.1f ms, max %.1f ms (%d frames, %d unread)",
                    percentile(50), percentile(95), max(), frames, unread);
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

    /**
     * How long after {@code sinceEpochMs} the viewer first showed (expected on screen) a readable counter painted at
     * or after that moment, in ms, from the samples so far (the probe goes on); NaN when it has not yet.
     */
    @SuppressWarnings("unchecked")
    public static double firstFreshFrameAfter(Browser browser, TestDesktopProcess painter, long sinceEpochMs) {
        List<Map<String, Object>> samples = (List<Map<String, Object>>) browser.script(
                "return window.latencyProbe.samples;");
        Map<Integer, Long> paintedMicros = paints(painter);
        for (Map<String, Object> sample : samples) {
            Long painted = sample.get("counter") instanceof Number counter ? paintedMicros.get(counter.intValue())
                    : null;
            if (painted != null && painted / 1000 >= sinceEpochMs) {
                return ((Number) sample.get("shownMs")).doubleValue() - sinceEpochMs;
            }
        }
        return Double.NaN;
    }

    private static Map<Integer, Long> paints(TestDesktopProcess painter) {
        Map<Integer, Long> paintedMicros = new HashMap<>();
        for (String line : painter.output()) {
            if (line.startsWith("PAINT ")) {
                String[] f = line.split(" ");
                paintedMicros.put(Integer.parseInt(f[1]), Long.parseLong(f[2]));
            }
        }
        return paintedMicros;
    }

    /** Stops the probe and pairs each presented frame with the paint of the counter it shows. */
    @SuppressWarnings("unchecked")
    public static Result collect(Browser browser, TestDesktopProcess painter) {
        List<Map<String, Object>> samples = (List<Map<String, Object>>) browser.script(
                "window.latencyProbe.stop(); return window.latencyProbe.samples;");
        Map<Integer, Long> paintedMicros = paints(painter);
        int unread = 0;
        List<Integer> counters = new ArrayList<>();
        List<Double> latencies = new ArrayList<>();
        List<Double> toPresentation = new ArrayList<>();
        List<Double> toReceived = new ArrayList<>();
        List<Double> toShown = new ArrayList<>();
        for (Map<String, Object> sample : samples) {
            Object counter = sample.get("counter");
            Long painted = counter == null ? null : paintedMicros.get(((Number) counter).intValue());
            if (painted == null) {
                unread++;
                continue;
            }
            counters.add(((Number) counter).intValue());
            double shown = ((Number) sample.get("shownMs")).doubleValue();
            latencies.add(shown - painted / 1000.0);
            toPresentation.add(((Number) sample.get("presentationMs")).doubleValue() - painted / 1000.0);
            if (sample.get("receivedMs") instanceof Number received) {
                toReceived.add(received.doubleValue() - painted / 1000.0);
                toShown.add(shown - received.doubleValue());
            }
        }
        Object estimate = browser.script("return window.woperator.stats.latest?.latencyMs;");
        return new Result(samples.size(), unread, counters, latencies, toPresentation, toReceived, toShown,
                estimate instanceof Number n ? n.doubleValue() : Double.NaN);
    }
}
