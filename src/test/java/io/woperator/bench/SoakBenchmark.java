package io.woperator.bench;

import io.woperator.e2e.Browser;
import io.woperator.e2e.TestDesktopProcess;
import io.woperator.e2e.Wait;
import io.woperator.e2e.WoperatorServer;
import io.woperator.e2e.XvfbDisplay;
import java.time.Duration;
import java.util.Locale;

/**
 * Viewer sessions one after another against the jar, as people come and go for weeks: each opens the viewer in
 * headless Chromium, waits for a decoded frame and leaves. Every 50 sessions it prints the server's RSS, threads,
 * file descriptors, JVM heap in use and the viewers' peer connections made and closed (from /metrics), and at the
 * end RSS growth per session after the first 50 (warm-up) against the first 50 themselves.
 *
 * <p>Run with {@code bench/run.sh soak [sessions=500]}.
 */
public final class SoakBenchmark {
    public static void main(String[] args) throws Exception {
        int sessions = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        try (XvfbDisplay display = XvfbDisplay.start(1280, 720);
                TestDesktopProcess desktop = TestDesktopProcess.start(display.name(), "bars", 30);
                WoperatorServer server = WoperatorServer.start(WoperatorServer.freePort(), display.name(),
                        "--no-audio", "--no-resize", "--log-level", "warn");
                Browser browser = Browser.start()) {
            System.out.println("Woperator soak: viewer sessions (open, first frame, leave), 1280x720, one at a time");
            System.out.println("sessions  RSS-MB  threads  fds  heap-used-MB  peers-made  peers-closed");
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
                    startRss = server.procStats().rssKb();
                }
                if (i % 50 == 0 || i == sessions) {
                    Wait.until(Duration.ofSeconds(10), () -> server.metric("woperator_viewers") == 0);
                    long rss = server.procStats().rssKb();
                    if (i == 50) {
                        warmRss = rss;
                    }
                    System.out.printf(Locale.ROOT, "%8d  %6.1f  %7d  %3d  %12.1f  %10.0f  %12.0f%n", i, rss / 1024.0,
                            server.threadCount(), server.fdCount(),
                            server.metric("jvm_memory_used_bytes{area=\"heap\"}") / 1048576,
                            server.metric("woperator_peer_connections_created_total"),
                            server.metric("woperator_peer_connections_closed_total"));
                }
            }
            long endRss = server.procStats().rssKb();
            double warmUp = (warmRss - startRss) / 49.0;
            double after = sessions > 50 ? (endRss - warmRss) / (double) (sessions - 50) : Double.NaN;
            System.out.printf(Locale.ROOT, "RSS per session: first 50 %+.1f kB, after them %+.1f kB (%.2fx); "
                    + "%+.1f MB over the sessions after warm-up; %.0f s in all%n", warmUp, after, after / warmUp,
                    (endRss - warmRss) / 1024.0, (System.nanoTime() - started) / 1e9);
        }
    }
}
