package io.woperator.bench;

import io.woperator.rig.Browser;
import io.woperator.rig.TestDesktopProcess;
import io.woperator.rig.Wait;
import io.woperator.rig.WoperatorServer;
import io.woperator.rig.XvfbDisplay;
import java.time.Duration;
import java.util.Locale;

/**
 * Viewer sessions one after another against the jar, as people come and go for weeks: each opens the viewer in
 * headless Chromium, waits for a decoded frame and leaves. Every 50 sessions it prints the server's RSS, threads,
 * file descriptors, JVM heap in use and the viewers' peer connections made and closed (from /metrics), and at the
 * end the growth per session, after the first 50 (warm-up), of memory outside the JVM heap (RSS less the heap
 * committed: the heap only grows to its ceiling), each reading after a full collection (which frees the direct
 * buffers of captures that stopped). It runs twice, each time on a fresh server: with
 * closed peers' native memory released (the default) and, as the baseline, with it kept
 * ({@code --no-release-native-peers}); {@code release-only} as the second argument skips the baseline.
 *
 * <p>Run with {@code bench/run.sh soak [sessions=500]}.
 */
public final class SoakBenchmark {
    public static void main(String[] args) throws Exception {
        int sessions = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        boolean baseline = args.length <= 1 || !args[1].equals("release-only");
        try (XvfbDisplay display = XvfbDisplay.start(1280, 720);
                TestDesktopProcess desktop = TestDesktopProcess.start(display.name(), "bars", 30);
                Browser browser = Browser.start()) {
            System.out.println("Woperator soak: viewer sessions (open, first frame, leave), 1280x720, one at a time");
            double released = soak(display, browser, sessions, "--release-native-peers");
            if (baseline) {
                double kept = soak(display, browser, sessions, "--no-release-native-peers");
                System.out.printf(Locale.ROOT, "Memory outside the heap, growth per session after warm-up: %.1f kB with native peers "
                        + "released, %.1f kB with them kept (%.2fx)%n", released, kept, released / kept);
            }
        }
    }

    /** Runs the sessions against a server of its own; returns growth per session of memory outside the heap (RSS less the committed heap) after the first 50. */
    private static double soak(XvfbDisplay display, Browser browser, int sessions, String release) throws Exception {
        try (WoperatorServer server = WoperatorServer.start(WoperatorServer.freePort(), display.name(),
                "--no-audio", "--no-resize", "--log-level", "warn", release)) {
            System.out.println();
            System.out.println("server " + release);
            System.out.println("sessions  RSS-MB  outside-heap-MB  threads  fds  heap-used-MB  peers-made  peers-closed  native-freed");
            long startRss = 0;
            long warmRss = 0;
            long started = System.nanoTime();
            for (int i = 1; i <= sessions; i++) {
                browser.open(server.url());
                if (!Wait.until(Duration.ofSeconds(20), () -> browser.videoStats().framesDecoded() > 0)) {
                    throw new IllegalStateException("session " + i + ": no frame within 20 s");
                }
                browser.open("about:blank");
                if (i == 1) {
                    startRss = server.memoryOutsideHeapAfterGcKb();
                }
                if (i % 50 == 0 || i == sessions) {
                    Wait.until(Duration.ofSeconds(10), () -> server.metric("woperator_viewers") == 0);
                    long rss = server.memoryOutsideHeapAfterGcKb();
                    if (i == 50) {
                        warmRss = rss;
                    }
                    System.out.printf(Locale.ROOT, "%8d  %6.1f  %15.1f  %7d  %3d  %12.1f  %10.0f  %12.0f  %12.0f%n", i,
                            server.procStats().rssKb() / 1024.0, rss / 1024.0, server.threadCount(), server.fdCount(),
                            server.metric("jvm_memory_used_bytes{area=\"heap\"}") / 1048576,
                            server.metric("woperator_peer_connections_created_total"),
                            server.metric("woperator_peer_connections_closed_total"),
                            server.metric("woperator_native_peer_connections_freed_total"));
                }
            }
            long endRss = server.memoryOutsideHeapAfterGcKb();
            double warmUp = (warmRss - startRss) / 49.0;
            double after = sessions > 50 ? (endRss - warmRss) / (double) (sessions - 50) : Double.NaN;
            System.out.printf(Locale.ROOT, "Memory outside the heap per session: first 50 %+.1f kB, after them %+.1f kB; "
                    + "%+.1f MB over the sessions after warm-up; %.0f s in all%n", warmUp, after,
                    (endRss - warmRss) / 1024.0, (System.nanoTime() - started) / 1e9);
            return after;
        }
    }
}
