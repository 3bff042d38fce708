package io.woperator.bench;

import io.woperator.rig.Browser;
import io.woperator.rig.Fuzz;
import io.woperator.rig.TestDesktopProcess;
import io.woperator.rig.Wait;
import io.woperator.rig.WoperatorServer;
import io.woperator.rig.XvfbDisplay;
import java.time.Duration;
import java.util.Locale;

/**
 * Malformed input by the hundred thousand on each door (signaling WebSocket, streams API WebSocket, plain HTTP)
 * while a viewer streams: per door how many were answered, how long it took, the viewer's frame rate meanwhile
 * against before, and the server's RSS and log lines.
 *
 * <p>Run with {@code bench/run.sh fuzz [count=100000]}.
 */
public final class FuzzBenchmark {

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        try (XvfbDisplay display = XvfbDisplay.start(1280, 720);
                TestDesktopProcess desktop = TestDesktopProcess.start(display.name(), "animate", 30);
                WoperatorServer server = WoperatorServer.start(WoperatorServer.freePort(), display.name(),
                        "--no-audio", "--no-resize", "--log-level", "warn");
                Browser browser = Browser.start()) {
            browser.open(server.url());
            if (!Wait.until(Duration.ofSeconds(20), () -> browser.videoStats().framesDecoded() > 30)) {
                throw new IllegalStateException("the viewer did not stream");
            }
            double baseFps = fps(browser, 5);
            Fuzz fuzz = new Fuzz(server.port(), 1);
            System.out.printf(Locale.ROOT, "Woperator fuzz: %d bad inputs a door, one viewer at %.1f fps before%n",
                    count, baseFps);
            System.out.println("door          answered  seconds  viewer-fps  fps-ratio  RSS-MB  log-lines");
            for (String door : new String[] {"signaling", "streams-api", "http"}) {
                int logBefore = server.log().size();
                long frames = browser.videoStats().framesDecoded();
                long started = System.nanoTime();
                int answered = switch (door) {
                    case "signaling" -> fuzz.signaling(count, 1000);
                    case "streams-api" -> fuzz.streamsApi(count);
                    default -> fuzz.http(count);
                };
                double seconds = (System.nanoTime() - started) / 1e9;
                double fps = (browser.videoStats().framesDecoded() - frames) / seconds;
                System.out.printf(Locale.ROOT, "%-12s  %8d  %7.1f  %10.1f  %9.2f  %6.1f  %9d%n", door, answered, seconds,
                        fps, fps / baseFps, server.procStats().rssKb() / 1024.0, server.log().size() - logBefore);
            }
            System.out.println("server healthy afterwards: " + server.healthy());
        }
    }

    private static double fps(Browser browser, int seconds) throws InterruptedException {
        long frames = browser.videoStats().framesDecoded();
        Thread.sleep(seconds * 1000L);
        return (browser.videoStats().framesDecoded() - frames) / (double) seconds;
    }
}
