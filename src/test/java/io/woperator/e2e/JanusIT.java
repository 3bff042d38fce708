package io.woperator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.woperator.rig.Browser;
import io.woperator.rig.JanusServer;
import io.woperator.rig.Part;
import io.woperator.rig.Rig;
import io.woperator.rig.TestDesktopProcess;
import io.woperator.rig.Wait;
import io.woperator.rig.WoperatorServer;
import io.woperator.rig.XvfbDisplay;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.Dimension;

/**
 * Fan-out through a real Janus (Debian's janus, VideoRoom over its HTTP API on loopback): the server publishes each
 * stream once, and headless Chromium viewers subscribe through it, talking to the server only.
 */
class JanusIT {

    private static final int FPS = 20;

    @RegisterExtension
    static final Part<JanusServer> janus = Rig.janus();

    private static WoperatorServer server(String display, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("--fanout", "janus", "--janus-url", janus.get().url(),
                "--janus-room", String.valueOf(1000 + (int) (Math.random() * 9000)),
                "--janus-admin-key", JanusServer.ADMIN_KEY, "--fps", String.valueOf(FPS), "--no-resize"));
        args.addAll(List.of(more));
        return WoperatorServer.start(WoperatorServer.freePort(), display, args.toArray(String[]::new));
    }

    /**
     * Six viewers through Janus all decode the desktop at its rate, with its pixels, while the server encodes once:
     * one peer connection for all of them, and about the CPU of one viewer.
     */
    @Test
    void sixViewersShareOneEncodeThroughJanus() throws Exception {
        int width = 640;
        int height = 360;
        try (XvfbDisplay display = XvfbDisplay.start(width, height);
                // painted twice as often as the stream's rate, so that the stream's own pace is what viewers get
                TestDesktopProcess desktop = TestDesktopProcess.start(display.name(), "bars", 2 * FPS);
                WoperatorServer server = server(display.name())) {
            List<Browser> browsers = new ArrayList<>();
            try {
                browsers.add(openViewer(server, width, height));
                Thread.sleep(2_000); // past the start's own work (JIT, the first keyframes)
                double cpuOne = cpuPerSecond(server, browsers);
                for (int i = 1; i < 6; i++) {
                    browsers.add(openViewer(server, width, height));
                }
                Thread.sleep(2_000);
                double cpuSix = cpuPerSecond(server, browsers);
                System.out.printf("server CPU through Janus: %.1f ms/s with one viewer, %.1f ms/s with six (%.2fx); "
                        + "RSS %d MB%n", cpuOne, cpuSix, cpuSix / cpuOne, server.procStats().rssKb() / 1024);
                for (Browser browser : browsers) {
                    StreamingIT.assertPixelsMatchTheDesktop(browser, width, height);
                }
                assertEquals(1, server.metric("woperator_peer_connections_created_total"),
                        "one peer connection, the one that publishes to Janus, serves every viewer");
                assertEquals(1, server.metric("woperator_janus_publishing{stream=\"desktop\"}"));
                assertTrue(cpuSix <= 1.3 * cpuOne, "six viewers cost " + cpuSix + " ms/s, one " + cpuOne);
            } finally {
                for (Browser browser : browsers) {
                    browser.close();
                }
            }
        }
    }

    /**
     * With simulcast, a viewer that asks for a quarter of the size gets Janus's smallest layer without reconnecting;
     * clicks land; Janus killed, the viewer is told in words, and once Janus is back the server publishes again and
     * the viewer is live by itself, clicks landing again.
     */
    @Test
    void simulcastLayersAndJanusComingBack() throws Exception {
        int width = 1280;
        int height = 720;
        try (XvfbDisplay display = XvfbDisplay.start(width, height);
                TestDesktopProcess desktop = TestDesktopProcess.start(display.name(), "input", FPS);
                WoperatorServer server = server(display.name(), "--simulcast");
                Browser browser = openViewer(server, width, height)) {
            assertTrue(Wait.until(Duration.ofSeconds(5), () -> Boolean.TRUE.equals(browser.script(
                    "return window.woperator.input.cursor?.png?.length > 0;"))),
                    "the desktop's pointer image comes over the socket");
            clickLands(browser, desktop, width, height);
            Number liveCount = (Number) browser.script("return window.woperator.connection.liveCount;");

            chooseSize(browser, "4"); // Settings → Picture → Size: Quarter
            long asked = System.nanoTime();
            assertTrue(Wait.until(Duration.ofSeconds(15), () -> browser.videoStats().width() == width / 4),
                    () -> "no quarter-size picture within 15 s: " + browser.videoStats());
            System.out.printf("the smallest layer (%dx%d) arrived %d ms after it was asked for%n",
                    browser.videoStats().width(), browser.videoStats().height(), (System.nanoTime() - asked) / 1_000_000);
            assertEquals(height / 4, browser.videoStats().height(), "the quarter layer's height");
            assertEquals(liveCount, browser.script("return window.woperator.connection.liveCount;"),
                    "the layer changed on the same connection");
            clickLands(browser, desktop, width, height);
            chooseSize(browser, "1");
            assertTrue(Wait.until(Duration.ofSeconds(15), () -> browser.videoStats().width() == width),
                    () -> "no full-size picture again within 15 s: " + browser.videoStats());

            janus.get().kill();
            long killed = System.nanoTime();
            assertTrue(Wait.until(Duration.ofSeconds(20), () -> browser.text("status-text").contains("Janus")),
                    () -> "the page does not say that Janus went away: " + browser.text("status-text"));
            System.out.printf("Janus killed: the page said so %d ms later: %s%n",
                    (System.nanoTime() - killed) / 1_000_000, browser.text("status-text"));
            janus.get().run();
            long back = System.nanoTime();
            long decoded = browser.videoStats().framesDecoded();
            assertTrue(Wait.until(Duration.ofSeconds(30), () -> browser.videoStats().framesDecoded() > decoded),
                    () -> "no frame decoded within 30 s of Janus's return: " + browser.text("status-text"));
            System.out.printf("Janus back: frames decoded again %d ms later (%s)%n",
                    (System.nanoTime() - back) / 1_000_000, browser.videoStats());
            assertTrue(Wait.until(Duration.ofSeconds(30), () -> "live".equals(browser.statusState())),
                    () -> "not live again within 30 s of Janus's return: " + browser.text("status-text") + ", "
                            + browser.videoStats());
            Browser.VideoStats again = browser.videoStats();
            System.out.printf("Janus back: the viewer was live again %d ms later, at %dx%d%n",
                    (System.nanoTime() - back) / 1_000_000, again.width(), again.height());
            // a new publisher's congestion control starts the larger layers as its estimate grows, so the layer shown
            // can change while the click is on its way: it is aimed at a share of the picture, as a person aims
            clickLands(browser, desktop, width, height);
        }
    }

    /** A Janus that refuses to make the room: the viewer's page and the log say why, and what to check. */
    @Test
    void aRefusalIsSaidOnThePageAndInTheLog() throws Exception {
        try (XvfbDisplay display = XvfbDisplay.start(640, 360);
                TestDesktopProcess desktop = TestDesktopProcess.start(display.name(), "bars", FPS);
                WoperatorServer server = WoperatorServer.start(WoperatorServer.freePort(), display.name(),
                        "--fanout", "janus", "--janus-url", janus.get().url(), "--janus-room", "77", "--no-resize");
                Browser browser = Browser.start()) {
            browser.open(server.url());
            assertTrue(Wait.until(Duration.ofSeconds(20), () -> browser.text("status-text").contains("admin_key")),
                    () -> "the page does not say why: " + browser.text("status-text"));
            System.out.println("the page says: " + browser.text("status-text"));
            assertTrue(server.logContains("--janus-admin-key"), "the log says what to check");
            browser.screenshot(Path.of("target/screenshots/janus-refused-1280x800.png"));
            browser.resizeWindow(new Dimension(390, 844));
            browser.screenshot(Path.of("target/screenshots/janus-refused-390x844.png"));
        }
    }

    /** Picks a size in the settings' list, as a person does; an option the list lacks picks nothing. */
    private static void chooseSize(Browser browser, String value) {
        browser.script("const size = document.getElementById('quality-scale'); size.value = arguments[0];"
                + "if (size.value !== arguments[0]) throw new Error('no such size: ' + arguments[0]);"
                + "size.dispatchEvent(new Event('change'));", value);
    }

    /**
     * Clicks the middle of the picture's lower half, whatever layer is shown: the click lands on that spot of the
     * desktop, {@code screenWidth} × {@code screenHeight}, within a pixel of the smallest layer (a quarter).
     */
    private static void clickLands(Browser browser, TestDesktopProcess desktop, int screenWidth, int screenHeight)
            throws InterruptedException {
        assertTrue(Wait.until(Duration.ofSeconds(10), () -> Boolean.TRUE.equals(browser.script(
                "return window.woperator.input.channel?.readyState === 'open';"))), "the input channel opens");
        List<String> before = presses(desktop);
        browser.mouseAtShare(0.5, 0.75).click().perform();
        assertTrue(Wait.until(Duration.ofSeconds(10), () -> presses(desktop).size() > before.size()),
                () -> "the click on the " + browser.videoStats().width() + "x" + browser.videoStats().height()
                        + " picture lands on the desktop's panel, sent over the socket; the desktop saw: "
                        + desktop.output().subList(Math.max(0, desktop.output().size() - 5), desktop.output().size()));
        String[] press = presses(desktop).get(before.size()).split(" ");
        int tolerance = 4 + 1;
        assertTrue(Math.abs(Integer.parseInt(press[1]) - screenWidth / 2) <= tolerance
                && Math.abs(Integer.parseInt(press[2]) - screenHeight * 3 / 4) <= tolerance,
                "the click on the " + browser.videoStats().width() + "x" + browser.videoStats().height()
                        + " picture lands at " + press[1] + "," + press[2] + " of the desktop, want "
                        + screenWidth / 2 + "," + screenHeight * 3 / 4);
    }

    private static List<String> presses(TestDesktopProcess desktop) {
        return desktop.output().stream().filter(line -> line.startsWith("PRESS ")).toList();
    }

    private static Browser openViewer(WoperatorServer server, int width, int height) throws Exception {
        Browser browser = Browser.start();
        browser.open(server.url());
        assertTrue(Wait.until(Duration.ofSeconds(30), () -> browser.videoStats().framesDecoded() > 0
                && browser.videoStats().width() == width && "live".equals(browser.statusState())),
                () -> "no picture through Janus within 30 s: "
                        + browser.videoStats() + ", " + browser.text("status-text") + ", render "
                        + browser.renderPath() + ", " + browser.framesShownDirectly() + " shown directly");
        return browser;
    }

    /**
     * The server's CPU in ms per second over 8 s, and each viewer's decoding rate over the same time, which must be
     * at least 80 % of the stream's: a picture that runs smoothly (the exact rate is the fan-out benchmark's).
     */
    private static double cpuPerSecond(WoperatorServer server, List<Browser> browsers) throws InterruptedException {
        List<Long> framesBefore = browsers.stream().map(b -> b.videoStats().framesDecoded()).toList();
        long cpuBefore = server.procStats().cpuMillis();
        long start = System.nanoTime();
        Thread.sleep(8_000); // the measurement window
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpu = (server.procStats().cpuMillis() - cpuBefore) / seconds;
        for (int i = 0; i < browsers.size(); i++) {
            double fps = (browsers.get(i).videoStats().framesDecoded() - framesBefore.get(i)) / seconds;
            System.out.printf("viewer %d of %d: %.1f fps decoded through Janus%n", i + 1, browsers.size(), fps);
            assertTrue(fps >= 0.8 * FPS, "viewer " + (i + 1) + " of " + browsers.size() + " decoded " + fps
                    + " fps, want at least " + 0.8 * FPS);
        }
        return cpu;
    }
}
