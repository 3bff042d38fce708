package io.woperator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.woperator.rig.Browser;
import io.woperator.rig.FrameCounter;
import io.woperator.rig.GlassToGlass;
import io.woperator.rig.TestDesktopProcess;
import io.woperator.rig.Wait;
import io.woperator.rig.WoperatorServer;
import io.woperator.rig.XvfbDisplay;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The latency probe (web/js/latency-probe.js) reads the frame counter right: on synthetic frames, noisy and
 * blurred as an encoder leaves them, in the browser that runs it; then on a real stream on each path (the data
 * channel, RTP shown directly, RTP shown by the browser), where counters rise and latency, to the moment the frame is
 * expected on screen, is a positive, finite number.
 */
class LatencyProbeIT {

    @Test
    void syntheticFramesDecodeToTheirCounterAndDamagedOnesToNothing() throws Exception {
        Random random = new Random(42);
        List<Integer> counters = new ArrayList<>(List.of(0, 1, 2, 0x5555, 0xaaaa, 0xffff, 0x8001));
        for (int i = 0; i < 8; i++) {
            counters.add(random.nextInt(0x10000));
        }
        List<String> frames = new ArrayList<>();
        for (int counter : counters) {
            frames.add(rgba(blurred(noisy(painted(counter), random, 40))));
        }
        BufferedImage torn = painted(0x1234); // top row of one counter, bottom row of another: caught mid-paint
        BufferedImage other = painted(0x1235);
        torn.getGraphics().drawImage(other.getSubimage(0, FrameCounter.BLOCK, FrameCounter.WIDTH, FrameCounter.BLOCK),
                0, FrameCounter.BLOCK, null);
        BufferedImage grey = painted(0x00ff);
        Graphics2D g = grey.createGraphics();
        g.setColor(new Color(128, 128, 128));
        g.fillRect(5 * FrameCounter.BLOCK, 0, FrameCounter.BLOCK, 2 * FrameCounter.BLOCK);
        List<String> damaged = List.of(rgba(torn), rgba(grey), rgba(new BufferedImage(FrameCounter.WIDTH,
                FrameCounter.HEIGHT, BufferedImage.TYPE_INT_RGB)));

        try (WoperatorServer server = WoperatorServer.start(WoperatorServer.freePort(), null, "--no-audio");
                Browser browser = Browser.start()) {
            browser.open(server.url() + "healthz"); // any page of the server's origin can import the module
            List<?> decoded = decode(browser, frames);
            for (int i = 0; i < counters.size(); i++) {
                assertEquals(counters.get(i).longValue(), ((Number) decoded.get(i)).longValue(),
                        "counter " + Integer.toHexString(counters.get(i)));
            }
            for (Object nothing : decode(browser, damaged)) {
                assertNull(nothing, "a damaged frame reads as nothing, never as a wrong counter");
            }
        }
    }

    /** One frame of headless Chromium's 60 Hz display. */
    private static final double DISPLAY_INTERVAL_MS = 1000.0 / 60;

    @ParameterizedTest(name = "render: {0}")
    @ValueSource(strings = {"channel", "direct", "browser"})
    void onARealStreamCountersRiseAndLatencyIsPositiveAndFinite(String render) throws Exception {
        try (XvfbDisplay display = XvfbDisplay.start(1280, 720);
                TestDesktopProcess painter = TestDesktopProcess.start(display.name(), "counter", 100);
                WoperatorServer server = WoperatorServer.start(WoperatorServer.freePort(), display.name(),
                        "--no-audio", "--no-resize");
                Browser browser = Browser.start()) {
            browser.open(server.url() + "?render=" + render);
            assertTrue(Wait.until(Duration.ofSeconds(20), () -> render.equals(browser.renderPath())
                    && (render.equals("browser") ? browser.videoStats().framesDecoded()
                            : browser.framesShownDirectly()) > 10), "shown by " + render + ": " + browser.renderPath());
            GlassToGlass.start(browser, 1280);
            assertTrue(Wait.until(Duration.ofSeconds(10), () -> GlassToGlass.frames(browser) >= 60
                    && browser.script("return window.woperator.stats.latest?.latencyMs;") != null),
                    "60 frames probed and a latency in the stats panel");
            System.out.println("probe: page clock to wall clock " + browser.script(
                    "return window.latencyProbe.wallClockOffsetMs;") + " ms");
            GlassToGlass.Result result = GlassToGlass.collect(browser, painter);
            System.out.printf("probe (%s): to expectedDisplayTime %s; to presentationTime median %.1f ms (paint to "
                    + "received %.1f, received to shown %.1f); the viewer's live estimate %.1f ms%n", render,
                    result.summary(), GlassToGlass.Result.percentile(result.toPresentationMs(), 50),
                    GlassToGlass.Result.percentile(result.paintToReceivedMs(), 50),
                    GlassToGlass.Result.percentile(result.receivedToShownMs(), 50), result.liveEstimateMs());
            assertTrue(result.latenciesMs().size() >= 30, "frames read: " + result);
            assertTrue(result.unread() <= result.frames() / 10, "at most a tenth unreadable: " + result);
            List<Integer> counters = result.counters();
            for (int i = 1; i < counters.size(); i++) {
                assertTrue(counters.get(i) >= counters.get(i - 1), "counters rise: " + counters);
            }
            assertTrue(counters.get(counters.size() - 1) > counters.get(0), "counters rise: " + counters);
            // a frame is expected on screen after it was painted; but the probe reads the counter from the picture the
            // <video> holds when its callback runs, which can be the frame after the one the callback describes: a
            // single frame may then read up to a display interval below zero
            for (double latency : result.latenciesMs()) {
                assertTrue(latency > -DISPLAY_INTERVAL_MS && latency < 1000, "latency " + latency + " ms");
            }
            assertTrue(result.liveEstimateMs() > 0 && result.liveEstimateMs() < 1000,
                    "the stats panel shows a latency: " + result.liveEstimateMs());
            if (render.equals("browser")) {
                // the browser's path has no moment at which the page's code holds the picture: no split
                assertTrue(result.receivedToShownMs().isEmpty(), "no arrival on the browser's path: " + result);
                return;
            }
            // on our renderer's paths each shown frame's arrival in the page's code is known, and falls between its
            // paint and its showing
            assertEquals(result.latenciesMs().size(), result.receivedToShownMs().size(), "arrival known: " + result);
            double toReceived = GlassToGlass.Result.percentile(result.paintToReceivedMs(), 50);
            double toShown = GlassToGlass.Result.percentile(result.receivedToShownMs(), 50);
            assertTrue(toReceived > 0 && toShown > 0 && toReceived + toShown < 1000,
                    "paint to received " + toReceived + " ms, received to shown " + toShown + " ms");
        }
    }

    private static List<?> decode(Browser browser, List<String> frames) {
        return (List<?>) browser.asyncScript("const done = arguments[arguments.length - 1];"
                + "import('/js/latency-probe.js').then((m) => done(arguments[0].map((b64) => {"
                + "  const bytes = Uint8ClampedArray.from(atob(b64), (c) => c.charCodeAt(0));"
                + "  return m.decodeCounter(bytes, arguments[1]); })));", frames, FrameCounter.WIDTH);
    }

    private static BufferedImage painted(int counter) {
        BufferedImage image = new BufferedImage(FrameCounter.WIDTH, FrameCounter.HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        FrameCounter.paint(g, counter);
        g.dispose();
        return image;
    }

    private static BufferedImage noisy(BufferedImage image, Random random, int amplitude) {
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                int noise = random.nextInt(2 * amplitude + 1) - amplitude;
                int r = clamp((rgb >> 16 & 0xff) + noise);
                int gr = clamp((rgb >> 8 & 0xff) + noise);
                int b = clamp((rgb & 0xff) + noise);
                image.setRGB(x, y, r << 16 | gr << 8 | b);
            }
        }
        return image;
    }

    /** A 5×5 box blur, as a lossy encoder smears block edges. */
    private static BufferedImage blurred(BufferedImage image) {
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int r = 0;
                int g = 0;
                int b = 0;
                int n = 0;
                for (int dy = -2; dy <= 2; dy++) {
                    for (int dx = -2; dx <= 2; dx++) {
                        int sx = Math.min(image.getWidth() - 1, Math.max(0, x + dx));
                        int sy = Math.min(image.getHeight() - 1, Math.max(0, y + dy));
                        int rgb = image.getRGB(sx, sy);
                        r += rgb >> 16 & 0xff;
                        g += rgb >> 8 & 0xff;
                        b += rgb & 0xff;
                        n++;
                    }
                }
                out.setRGB(x, y, (r / n) << 16 | (g / n) << 8 | (b / n));
            }
        }
        return out;
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    private static String rgba(BufferedImage image) {
        byte[] bytes = new byte[image.getWidth() * image.getHeight() * 4];
        int i = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                bytes[i++] = (byte) (rgb >> 16);
                bytes[i++] = (byte) (rgb >> 8);
                bytes[i++] = (byte) rgb;
                bytes[i++] = (byte) 0xff;
            }
        }
        return Base64.getEncoder().encodeToString(bytes);
    }
}
