package io.woperator.bench;

import io.woperator.rig.Browser;
import io.woperator.rig.Wait;
import io.woperator.rig.WoperatorServer;
import io.woperator.rig.XvfbDisplay;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a still desktop costs: one viewer of a bare 1280x720 X screen where nothing moves, the server's CPU over a
 * window after it settled, as a share of one core, and the threads that used it; once with the picture on the data
 * channel, once rendered directly from RTP (the baseline, in the same run). Run with
 * {@code bench/run.sh still [seconds=20]}.
 */
public final class StillDesktopBenchmark {

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        try (XvfbDisplay display = XvfbDisplay.start(1280, 720)) {
            double baseline = Double.NaN;
            for (String render : List.of("direct", "channel")) {
                try (WoperatorServer server = WoperatorServer.start(WoperatorServer.freePort(), display.name(),
                        "--no-audio", "--no-microphone", "--no-resize", "--log-level", "warn");
                        Browser browser = Browser.start()) {
                    browser.open(server.url() + "?render=" + render);
                    if (!Wait.until(Duration.ofSeconds(20), () -> browser.videoStats().framesDecoded() > 0)) {
                        throw new IllegalStateException(render + ": no picture within 20 s");
                    }
                    Thread.sleep(8000); // past the start-up burst a new viewer gets
                    Map<String, Long> before = threadTicks(server.pid());
                    long cpuBefore = server.procStats().cpuMillis();
                    Thread.sleep(seconds * 1000L); // the measurement window
                    double percent = (server.procStats().cpuMillis() - cpuBefore) / (seconds * 10.0);
                    Map<String, Long> after = threadTicks(server.pid());
                    if (Double.isNaN(baseline)) {
                        baseline = percent;
                    }
                    System.out.printf(Locale.ROOT, "Still desktop, render %-7s (shown by %s): server CPU %.2f %% of a "
                            + "core over %d s, %.2fx the direct path's; busiest threads: %s%n", render,
                            browser.renderPath(), percent, seconds, percent / baseline, busiest(before, after));
                }
            }
        }
    }

    /** CPU ticks (user + system, 1/100 s) of each thread of a process, by name and id. */
    private static Map<String, Long> threadTicks(long pid) throws IOException {
        Map<String, Long> ticks = new TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
            for (Path task : tasks.toList()) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException e) {
                    continue; // ended meanwhile
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                ticks.put(name + "/" + task.getFileName(), Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
            }
        }
        return ticks;
    }

    private static String busiest(Map<String, Long> before, Map<String, Long> after) {
        List<Map.Entry<String, Long>> used = new ArrayList<>();
        after.forEach((thread, ticks) -> {
            long spent = ticks - before.getOrDefault(thread, 0L);
            if (spent > 0) {
                used.add(Map.entry(thread.substring(0, thread.indexOf('/')), spent * 10));
            }
        });
        used.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        List<String> top = new ArrayList<>();
        for (Map.Entry<String, Long> thread : used.subList(0, Math.min(5, used.size()))) {
            top.add(thread.getKey() + " " + thread.getValue() + " ms");
        }
        return String.join(", ", top);
    }
}
