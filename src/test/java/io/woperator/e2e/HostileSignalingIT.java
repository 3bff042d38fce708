package io.woperator.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.woperator.rig.Browser;
import io.woperator.rig.Fuzz;
import io.woperator.rig.TestDesktopProcess;
import io.woperator.rig.Wait;
import io.woperator.rig.WoperatorServer;
import io.woperator.rig.XvfbDisplay;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Malformed messages on 40 other signaling sockets from the viewer's own address (as many people behind one NAT or
 * proxy share one) never stop a viewer's picture, on either path: its video presents at least 25 frames in every
 * second of a 30 fps stream, from before the page opens (the path is chosen under attack) to the end.
 */
class HostileSignalingIT {

    private static final int SOCKETS = 40;
    private static final int FPS = 30;
    private static final int LEAST_FPS = 25;
    private static final int SECONDS = 15;
    /** Each socket's pace: 20 bad messages a second, 800 a second in all. */
    private static final Duration PAUSE = Duration.ofMillis(50);

    @ParameterizedTest(name = "render: {0}")
    @ValueSource(strings = {"auto", "direct"})
    void fortySocketsOfBadMessagesNeverStopAStreamingViewer(String render) throws Exception {
        ExecutorService attackers = Executors.newFixedThreadPool(SOCKETS);
        try (XvfbDisplay display = XvfbDisplay.start(960, 540);
                // painted twice as often as the stream's rate: every grab has a change to show
                TestDesktopProcess desktop = TestDesktopProcess.start(display.name(), "animate", 2 * FPS);
                WoperatorServer server = WoperatorServer.start(WoperatorServer.freePort(), display.name(),
                        "--no-audio", "--no-resize", "--fps", String.valueOf(FPS));
                Browser browser = Browser.start()) {
            AtomicInteger answered = new AtomicInteger();
            for (int i = 0; i < SOCKETS; i++) {
                Fuzz fuzz = new Fuzz(server.port(), 20261207L + i);
                attackers.submit(() -> {
                    // until the measurement is over and the pool is shut down
                    while (!Thread.currentThread().isInterrupted()) {
                        answered.addAndGet(fuzz.signaling(19, 0, PAUSE));
                    }
                    return null;
                });
            }
            browser.open(server.url() + "?render=" + render);
            assertTrue(Wait.until(Duration.ofSeconds(20), () -> browser.framesShownDirectly() > 10),
                    "a picture under attack: " + browser.renderPath() + ", " + browser.text("status-text"));
            // auto: give the page the time it takes to judge the link and move to the channel
            String path = render.equals("auto") ? awaitChannelOrDirect(browser) : render;
            browser.script("""
                    window.presented = [];
                    const video = document.getElementById('screen');
                    const count = (now) => { window.presented.push(now); video.requestVideoFrameCallback(count); };
                    video.requestVideoFrameCallback(count);
                    """);
            Thread.sleep(SECONDS * 1000L); // the attack goes on
            @SuppressWarnings("unchecked")
            List<Number> presented = (List<Number>) browser.script("return window.presented;");
            int[] perSecond = new int[SECONDS];
            double first = presented.isEmpty() ? 0 : presented.get(0).doubleValue();
            for (Number at : presented) {
                int second = (int) ((at.doubleValue() - first) / 1000);
                if (second < SECONDS) {
                    perSecond[second]++;
                }
            }
            int least = Arrays.stream(perSecond, 0, SECONDS - 1).min().orElse(0);
            System.out.printf("under attack (%s, shown by %s, now %s): frames presented each second %s; %d bad "
                    + "messages answered%n", render, path, browser.renderPath(), Arrays.toString(perSecond),
                    answered.get());
            assertTrue(least >= LEAST_FPS, "a second with " + least + " frames presented: "
                    + Arrays.toString(perSecond) + " (" + path + ", now " + browser.renderPath() + ")");
            assertTrue(answered.get() > 1000, "the attack went on: " + answered.get() + " bad messages answered");
            assertTrue(server.healthy(), "the server is up");
        } finally {
            attackers.shutdownNow();
            attackers.awaitTermination(30, TimeUnit.SECONDS);
        }
    }

    /** Waits for the page's choice in 'auto': the channel on this local link, or RTP shown directly. */
    private static String awaitChannelOrDirect(Browser browser) throws InterruptedException {
        Wait.until(Duration.ofSeconds(12), () -> "channel".equals(browser.renderPath()));
        return browser.renderPath();
    }
}
