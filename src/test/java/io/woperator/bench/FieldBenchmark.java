package io.woperator.bench;

import io.woperator.rig.Browser;
import io.woperator.rig.GlassToGlass;
import io.woperator.rig.PictureQuality;
import io.woperator.rig.ProcStats;
import io.woperator.rig.TestDesktopProcess;
import io.woperator.rig.Wait;
import io.woperator.rig.WoperatorServer;
import io.woperator.rig.XvfbDisplay;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Woperator against the field, one after another on the same animated Xvfb content (a full-screen scrolling
 * pattern with a frame counter, repainted 100 times a second): Woperator streaming VP8 and H.264 to one headless
 * Chromium; FFmpeg's x11grab into libvpx (realtime) and libx264 (ultrafast, zerolatency); GStreamer's ximagesrc
 * into vp8enc with selkies' settings (deadline=1, cpu-used=-16, error-resilient) and into x264enc (ultrafast,
 * zerolatency), encoding to nothing. For each: delivered fps, CPU (user+sys) per delivered frame and RSS of the
 * streaming process, the ratio Woperator/peer for the same codec, and for Woperator the glass-to-glass latency
 * (counter painted → frame presented in Chromium) with the picture taken on the data channel, rendered directly from
 * RTP and rendered by the browser, with the picture's PSNR against what was painted and the bitrate. Writes a PNG
 * chart beside the printed table.
 *
 * <p>Run with {@code bench/run.sh field [seconds=15] [configs=1280x720@30,1280x720@60,1920x1080@30] [paint-rate=100]};
 * a paint rate below the capture rate measures content that changes less often than capture could grab it, each
 * paint grabbed as it is drawn ({@code capture.ChangePacer}); above it, paint → received includes the wait for the
 * next grab.
 */
public final class FieldBenchmark {

    record Result(String config, String tool, String codec, double fps, double cpuMsPerFrame, long rssMb,
            double latencyMedian, double latencyP95, double latencyMax, double presentationMedian, int unread,
            double toReceivedMedian, double toShownMedian, double psnr, double kbps, double handOverMs,
            double encodeMs) {
    }

    /** How often the counter desktop repaints unless told: faster than any capture rate, so capture never waits. */
    private static final int PAINT_RATE = 100;
    private static final int BITRATE_KBPS = 4000;

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        List<String> configs = List.of((args.length > 1 ? args[1] : "1280x720@30,1280x720@60,1920x1080@30").split(","));
        int paintRate = args.length > 2 ? Integer.parseInt(args[2]) : PAINT_RATE;
        List<Result> results = new ArrayList<>();
        for (String config : configs) {
            String[] sizeFps = config.split("@");
            int width = Integer.parseInt(sizeFps[0].split("x")[0]);
            int height = Integer.parseInt(sizeFps[0].split("x")[1]);
            int fps = Integer.parseInt(sizeFps[1]);
            try (XvfbDisplay display = XvfbDisplay.start(width, height);
                    TestDesktopProcess painter = TestDesktopProcess.start(display.name(), "counter", paintRate)) {
                for (String codec : List.of("vp8", "h264")) {
                    for (String render : List.of("channel", "direct", "browser")) {
                        results.add(print(woperator(display, painter, config, width, height, fps, codec, render,
                                seconds)));
                    }
                }
                String grab = "-f x11grab -draw_mouse 0 -framerate " + fps + " -video_size " + width + "x" + height
                        + " -i " + display.name();
                results.add(print(peer(config, "ffmpeg", "vp8", seconds, ffmpeg(grab + " -c:v libvpx -deadline realtime "
                        + "-cpu-used -16 -error-resilient 1 -threads 2 -b:v " + BITRATE_KBPS + "k"))));
                results.add(print(peer(config, "ffmpeg", "h264", seconds, ffmpeg(grab + " -c:v libx264 -preset ultrafast "
                        + "-tune zerolatency -threads 2 -b:v " + BITRATE_KBPS + "k"))));
                String source = "ximagesrc display-name=" + display.name() + " use-damage=false show-pointer=false ! "
                        + "video/x-raw,framerate=" + fps + "/1 ! videoconvert ! ";
                results.add(print(peer(config, "gstreamer", "vp8", seconds, gstreamer(source + "vp8enc deadline=1 "
                        + "cpu-used=-16 error-resilient=partitions threads=2 target-bitrate=" + BITRATE_KBPS * 1000))));
                results.add(print(peer(config, "gstreamer", "h264", seconds, gstreamer(source + "x264enc "
                        + "speed-preset=ultrafast tune=zerolatency threads=2 bitrate=" + BITRATE_KBPS))));
            }
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "Field benchmark: %d s per run, full-screen scrolling content repainted %d times a "
                + "second, %d kbit/s; CPU = user+sys of the streaming process per delivered frame%n", seconds, paintRate,
                BITRATE_KBPS);
        System.out.println(header());
        for (Result r : results) {
            System.out.println(format(r, results));
        }
        Path chart = Path.of("target", "bench", "field.png");
        Files.createDirectories(chart.getParent());
        BenchmarkChart.write(chart, results.stream().map(r -> new BenchmarkChart.Bar(r.config(),
                r.tool() + " " + r.codec(), r.cpuMsPerFrame(), r.latencyMedian())).toList());
        System.out.println("Chart: " + chart.toAbsolutePath());
    }

    private static Result woperator(XvfbDisplay display, TestDesktopProcess painter, String config, int width,
            int height, int fps, String codec, String render, int seconds) throws Exception {
        try (WoperatorServer server = WoperatorServer.start(WoperatorServer.freePort(), display.name(),
                "--video-codec", codec, "--fps", String.valueOf(fps), "--no-resize", "--no-audio", "--no-microphone",
                "--start-bitrate", String.valueOf(BITRATE_KBPS), "--max-bitrate", String.valueOf(BITRATE_KBPS),
                "--log-level", "warn");
                Browser browser = Browser.start()) {
            browser.open(server.url() + "?render=" + render);
            if (!Wait.until(Duration.ofSeconds(30), () -> browser.videoStats().framesDecoded() > 0)) {
                throw new IllegalStateException(config + " " + codec + ": no frame within 30 s");
            }
            Thread.sleep(3000); // let bandwidth estimation and the encoder settle
            Browser.VideoStats before = browser.videoStats();
            ProcStats cpuBefore = server.procStats();
            long start = System.nanoTime();
            GlassToGlass.start(browser, width);
            Thread.sleep(seconds * 1000L); // the measurement window
            GlassToGlass.Result latency = GlassToGlass.collect(browser, painter);
            Browser.VideoStats after = browser.videoStats();
            ProcStats cpuAfter = server.procStats();
            double elapsed = (System.nanoTime() - start) / 1e9;
            double kbps = ((Number) browser.script("return window.woperator.stats.latest.kbps;")).doubleValue();
            // the server's own stages, as its encoder reports them to the viewer once a second
            double handOver = ((Number) browser.script("return window.woperator.stats.latest.sender.handOverMs;"))
                    .doubleValue();
            double encode = ((Number) browser.script("return window.woperator.stats.latest.sender.encodeMs;"))
                    .doubleValue();
            double psnr = PictureQuality.psnr(browser, width, height, 6);
            long frames = after.framesDecoded() - before.framesDecoded();
            String path = (String) browser.script("return window.woperator.connection.output.path;");
            if (!path.equals(render)) {
                throw new IllegalStateException(config + " " + codec + ": asked for " + render + " rendering, got "
                        + path);
            }
            return new Result(config, "woperator " + render, codec, frames / elapsed,
                    (cpuAfter.cpuMillis() - cpuBefore.cpuMillis()) / (double) Math.max(1, frames), cpuAfter.rssKb() / 1024,
                    latency.percentile(50), latency.percentile(95), latency.max(),
                    GlassToGlass.Result.percentile(latency.toPresentationMs(), 50), latency.unread(),
                    GlassToGlass.Result.percentile(latency.paintToReceivedMs(), 50),
                    GlassToGlass.Result.percentile(latency.receivedToShownMs(), 50), psnr, kbps, handOver, encode);
        }
    }

    /** A command that encodes the screen to nothing, and how to tell from a line of its output that a frame went out. */
    record Peer(List<String> command, Predicate<String> frameLine, java.util.function.ToLongFunction<String> frameCount) {
    }

    private static Peer ffmpeg(String arguments) {
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-nostats", "-loglevel", "error",
                "-progress", "pipe:1"));
        command.addAll(List.of(arguments.split(" ")));
        command.addAll(List.of("-f", "null", "-"));
        return new Peer(command, line -> line.startsWith("frame="), line -> Long.parseLong(line.substring(6).trim()));
    }

    private static Peer gstreamer(String pipeline) {
        List<String> command = new ArrayList<>(List.of("gst-launch-1.0", "-v"));
        command.addAll(List.of((pipeline + " ! fakesink silent=false sync=false").split(" ")));
        return new Peer(command, line -> line.contains("last-message = chain"), line -> -1);
    }

    private static Result peer(String config, String tool, String codec, int seconds, Peer peer) throws Exception {
        Process process = new ProcessBuilder(peer.command()).redirectErrorStream(true).start();
        AtomicLong frames = new AtomicLong();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    if (peer.frameLine().test(line)) {
                        long count = peer.frameCount().applyAsLong(line);
                        if (count < 0) {
                            frames.incrementAndGet();
                        } else {
                            frames.set(count);
                        }
                    }
                }
            } catch (Exception ignored) {
                // the process ended
            }
        }, "bench-" + tool);
        reader.setDaemon(true);
        reader.start();
        try {
            if (!Wait.until(Duration.ofSeconds(10), () -> frames.get() > 0 || !process.isAlive()) || !process.isAlive()) {
                throw new IllegalStateException(tool + " " + codec + " produced no frame: " + String.join(" ", peer.command()));
            }
            Thread.sleep(3000); // past the encoder's start-up
            long framesBefore = frames.get();
            ProcStats cpuBefore = ProcStats.of(process.pid());
            long start = System.nanoTime();
            Thread.sleep(seconds * 1000L); // the measurement window
            ProcStats cpuAfter = ProcStats.of(process.pid());
            long delivered = frames.get() - framesBefore;
            double elapsed = (System.nanoTime() - start) / 1e9;
            return new Result(config, tool, codec, delivered / elapsed,
                    (cpuAfter.cpuMillis() - cpuBefore.cpuMillis()) / (double) Math.max(1, delivered),
                    cpuAfter.rssKb() / 1024, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, Double.NaN,
                    Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        } finally {
            process.destroy();
            process.waitFor();
        }
    }

    private static Result print(Result r) {
        System.out.println(format(r, List.of()));
        return r;
    }

    private static String header() {
        // g2g: paint to the moment the frame is expected on screen (expectedDisplayTime); g2g-pres: paint to rVFC's
        // presentationTime, which can be earlier; unread: frames whose counter could not be read
        return "config          tool               codec   fps    cpu-ms/frame  RSS-MB  g2g-median  g2g-p95  g2g-max  "
                + "g2g-pres  unread  paint>recv  recv>shown  convert+push  encode  PSNR-dB  kbit/s  "
                + "woperator direct/this (cpu per frame)";
    }

    private static String format(Result r, List<Result> all) {
        Result ours = all.stream().filter(o -> o.tool().equals("woperator direct") && o.config().equals(r.config())
                && o.codec().equals(r.codec())).findFirst().orElse(null);
        String ratio = ours == null || ours == r ? ""
                : String.format(Locale.ROOT, "%.2f", ours.cpuMsPerFrame() / r.cpuMsPerFrame());
        return String.format(Locale.ROOT,
                "%-15s %-18s %-6s %5.1f  %12.2f  %6d  %10s  %7s  %7s  %8s  %6d  %10s  %10s  %12s  %6s  %7s  %6s  %s",
                r.config(), r.tool(), r.codec(), r.fps(), r.cpuMsPerFrame(), r.rssMb(), ms(r.latencyMedian()),
                ms(r.latencyP95()), ms(r.latencyMax()), ms(r.presentationMedian()), r.unread(),
                ms(r.toReceivedMedian()), ms(r.toShownMedian()),
                ms(r.handOverMs()), ms(r.encodeMs()), ms(r.psnr()),
                Double.isNaN(r.kbps()) ? "-" : String.format(Locale.ROOT, "%.0f", r.kbps()), ratio);
    }

    private static String ms(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.1f", value);
    }
}
