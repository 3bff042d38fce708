package io.woperator.bench;

import io.woperator.rig.Browser;
import io.woperator.rig.JanusServer;
import io.woperator.rig.ProcStats;
import io.woperator.rig.TestDesktopProcess;
import io.woperator.rig.Wait;
import io.woperator.rig.WoperatorServer;
import io.woperator.rig.XvfbDisplay;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What viewers cost the server, each with its own connection and encoder ("direct") against one encode fanned out
 * by a real Janus ("janus"), in the same run: for 1, 6 and 20 headless Chromium viewers of a scrolling desktop (every
 * pixel changes every frame), the server's CPU per second and RSS, Janus's CPU per second, and the viewers' decoded
 * frame rates (mean and lowest). Every viewer and both servers share this machine's cores, so a rate that falls
 * says where the machine, not only the server, stops keeping up.
 *
 * <p>Run with {@code bench/run.sh fanout [seconds=10] [viewers=1,6,20] [size=640x360] [fps=20]}.
 */
public final class FanoutBenchmark {

    record Result(String mode, int viewers, int decoding, double serverCpuMsPerS, long serverRssMb,
            double janusCpuMsPerS, double meanFps, double lowestFps) {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        List<Integer> counts = List.of((args.length > 1 ? args[1] : "1,6,20").split(",")).stream()
                .map(Integer::parseInt).toList();
        String size = args.length > 2 ? args[2] : "640x360";
        int fps = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        int width = Integer.parseInt(size.split("x")[0]);
        int height = Integer.parseInt(size.split("x")[1]);
        List<Result> results = new ArrayList<>();
        try (XvfbDisplay display = XvfbDisplay.start(width, height);
                TestDesktopProcess desktop = TestDesktopProcess.start(display.name(), "animate", fps);
                JanusServer janus = JanusServer.start()) {
            for (int viewers : counts) {
                for (String mode : List.of("direct", "janus")) {
                    Result r = measure(display, janus, mode, viewers, fps, seconds);
                    results.add(r);
                    System.out.println(format(r));
                }
            }
        }
        System.out.println();
        System.out.printf("Woperator fan-out benchmark: %s at %d fps, scrolling content, VP8, %d s per run%n", size, fps,
                seconds);
        System.out.println("mode    viewers  decoding  server-cpu-ms/s  server-RSS-MB  janus-cpu-ms/s  fps-mean  "
                + "fps-lowest  server cpu vs the first");
        for (Result r : results) {
            Result one = results.stream().filter(b -> b.mode().equals(r.mode()) && b.viewers() == counts.get(0))
                    .findFirst().orElseThrow();
            System.out.printf("%s  %.2fx%n", format(r), r.serverCpuMsPerS() / one.serverCpuMsPerS());
        }
    }

    private static Result measure(XvfbDisplay display, JanusServer janus, String mode, int count, int fps, int seconds)
            throws Exception {
        List<String> args = new ArrayList<>(List.of("--fps", String.valueOf(fps), "--no-resize", "--log-level", "warn",
                "--max-viewers", "50"));
        if (mode.equals("janus")) {
            args.addAll(List.of("--fanout", "janus", "--janus-url", janus.url(), "--janus-admin-key",
                    JanusServer.ADMIN_KEY, "--janus-room", String.valueOf(2000 + count)));
        }
        List<Browser> browsers = new ArrayList<>();
        try (WoperatorServer server = WoperatorServer.start(WoperatorServer.freePort(), display.name(),
                args.toArray(String[]::new))) {
            for (int i = 0; i < count; i++) {
                Browser browser = Browser.start();
                browsers.add(browser);
                // RTP: without Janus each viewer has its own encoder (the data channel would share one)
                browser.open(server.url() + "?render=direct");
            }
            // where the machine cannot keep up, some viewers never get a picture: they are counted, not waited for
            Wait.until(Duration.ofSeconds(60), () -> browsers.stream().allMatch(b -> b.videoStats().framesDecoded() > 0));
            int decoding = (int) browsers.stream().filter(b -> b.videoStats().framesDecoded() > 0).count();
            Thread.sleep(3000); // let bandwidth estimation and the encoders settle
            // each viewer's rate over its own interval: reading twenty browsers one after another takes a while
            long[] framesBefore = new long[count];
            long[] readBefore = new long[count];
            for (int i = 0; i < count; i++) {
                framesBefore[i] = browsers.get(i).videoStats().framesDecoded();
                readBefore[i] = System.nanoTime();
            }
            ProcStats serverBefore = server.procStats();
            ProcStats janusBefore = ProcStats.of(janus.pid());
            long start = System.nanoTime();
            Thread.sleep(seconds * 1000L); // the measurement window
            double elapsed = (System.nanoTime() - start) / 1e9;
            ProcStats serverAfter = server.procStats();
            ProcStats janusAfter = ProcStats.of(janus.pid());
            double sum = 0;
            double lowest = Double.MAX_VALUE;
            for (int i = 0; i < count; i++) {
                long frames = browsers.get(i).videoStats().framesDecoded() - framesBefore[i];
                double rate = frames / ((System.nanoTime() - readBefore[i]) / 1e9);
                sum += rate;
                lowest = Math.min(lowest, rate);
            }
            return new Result(mode, count, decoding, (serverAfter.cpuMillis() - serverBefore.cpuMillis()) / elapsed,
                    serverAfter.rssKb() / 1024, (janusAfter.cpuMillis() - janusBefore.cpuMillis()) / elapsed,
                    sum / count, lowest);
        } finally {
            for (Browser browser : browsers) {
                browser.close();
            }
        }
    }

    private static String format(Result r) {
        return String.format("%-6s  %7d  %8d  %15.1f  %13d  %14.1f  %8.1f  %10.1f", r.mode(), r.viewers(), r.decoding(),
                r.serverCpuMsPerS(),
                r.serverRssMb(), r.mode().equals("janus") ? r.janusCpuMsPerS() : 0.0, r.meanFps(), r.lowestFps());
    }
}
