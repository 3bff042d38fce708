package io.woperator.bench;

import io.woperator.rig.Browser;
import io.woperator.rig.ProcStats;
import io.woperator.rig.TestDesktopProcess;
import io.woperator.rig.Wait;
import io.woperator.rig.WoperatorServer;
import io.woperator.rig.XvfbDisplay;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Streams a full-screen scrolling pattern (every pixel changes every frame) to one headless Chromium viewer, per
 * codec and resolution, and prints what it costs: delivered fps, server CPU (user+sys) per delivered frame, RSS,
 * and the time from page load to the first presented frame. Ratios are against VP8 at the same resolution, from
 * the same run, since absolute times on a shared machine say little.
 *
 * <p>Run with {@code bench/run.sh stream [seconds] [codecs] [sizes]}, e.g. {@code bench/run.sh stream 20 vp8,h264 1280x720}.
 */
public final class StreamBenchmark {

    record Result(String size, String codec, double fps, double cpuMsPerFrame, long rssMb, double firstFrameMs) {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        List<String> codecs = List.of((args.length > 1 ? args[1] : "vp8,vp9,h264,av1").split(","));
        List<String> sizes = List.of((args.length > 2 ? args[2] : "1280x720,1920x1080").split(","));
        int fps = 30;
        List<Result> results = new ArrayList<>();
        for (String size : sizes) {
            int width = Integer.parseInt(size.split("x")[0]);
            int height = Integer.parseInt(size.split("x")[1]);
            try (XvfbDisplay display = XvfbDisplay.start(width, height);
                    TestDesktopProcess desktop = TestDesktopProcess.start(display.name(), "animate", fps)) {
                for (String codec : codecs) {
                    Result r = measure(display, size, codec, fps, seconds);
                    results.add(r);
                    System.out.println(format(r, null));
                }
            }
        }
        System.out.println();
        System.out.printf("Woperator stream benchmark: %d s per run at %d fps, scrolling full-screen content, one viewer%n",
                seconds, fps);
        System.out.println("size       codec  fps    cpu-ms/frame  RSS-MB  first-frame-ms  cpu/frame vs vp8");
        for (Result r : results) {
            Result vp8 = results.stream().filter(b -> b.size().equals(r.size()) && b.codec().equals("vp8"))
                    .findFirst().orElse(null);
            System.out.println(format(r, vp8));
        }
    }

    private static Result measure(XvfbDisplay display, String size, String codec, int fps, int seconds)
            throws Exception {
        try (WoperatorServer server = WoperatorServer.start(WoperatorServer.freePort(), display.name(),
                "--video-codec", codec, "--fps", String.valueOf(fps), "--no-resize", "--log-level", "warn");
                Browser browser = Browser.start()) {
            // RTP rendered directly: each codec through libwebrtc's own encoder, never the data channel's
            browser.open(server.url() + "?render=direct");
            if (!Wait.until(Duration.ofSeconds(30), () -> browser.script("return window.woperator.firstFrameMs;") != null)) {
                throw new IllegalStateException(codec + " " + size + ": no frame within 30 s");
            }
            double firstFrameMs = ((Number) browser.script("return window.woperator.firstFrameMs;")).doubleValue();
            Thread.sleep(3000); // let bandwidth estimation and the encoder settle
            Browser.VideoStats before = browser.videoStats();
            ProcStats cpuBefore = server.procStats();
            long start = System.nanoTime();
            Thread.sleep(seconds * 1000L); // the measurement window
            Browser.VideoStats after = browser.videoStats();
            ProcStats cpuAfter = server.procStats();
            double elapsed = (System.nanoTime() - start) / 1e9;
            long frames = after.framesDecoded() - before.framesDecoded();
            return new Result(size, codec, frames / elapsed,
                    frames == 0 ? Double.NaN : (cpuAfter.cpuMillis() - cpuBefore.cpuMillis()) / (double) frames,
                    cpuAfter.rssKb() / 1024, firstFrameMs);
        }
    }

    private static String format(Result r, Result baseline) {
        String ratio = baseline == null ? "" : String.format(Locale.ROOT, "%.2fx", r.cpuMsPerFrame() / baseline.cpuMsPerFrame());
        return String.format(Locale.ROOT, "%-10s %-6s %5.1f  %12.2f  %6d  %14.0f  %s",
                r.size(), r.codec(), r.fps(), r.cpuMsPerFrame(), r.rssMb(), r.firstFrameMs(), ratio);
    }
}
