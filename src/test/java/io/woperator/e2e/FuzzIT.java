package io.woperator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.woperator.rig.Browser;
import io.woperator.rig.Fuzz;
import io.woperator.rig.Part;
import io.woperator.rig.Rig;
import io.woperator.rig.TestDesktopProcess;
import io.woperator.rig.Wait;
import io.woperator.rig.WoperatorServer;
import io.woperator.rig.XvfbDisplay;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * 5000 malformed messages or requests on each door (the signaling WebSocket before and after hello, the streams
 * API's WebSocket, plain HTTP on every endpoint) while a viewer streams, after a first round of as many: every one
 * answered, the viewer undisturbed, the server healthy, its memory outside the (bounded) heap where the first round
 * left it and its log a few lines longer. The data channel's 5000 are in
 * InputIT; 100,000 a door is {@code bench/run.sh fuzz}.
 */
class FuzzIT {
    @RegisterExtension
    final Part<XvfbDisplay> display = Rig.display(960, 540);
    @RegisterExtension
    final Part<TestDesktopProcess> desktop = Rig.desktop(display, "animate", 30);
    @RegisterExtension
    final Part<WoperatorServer> server = Rig.server(display, "--no-audio", "--no-resize");
    @RegisterExtension
    final Part<Browser> browser = Rig.browser();

    @Test
    void fiveThousandBadInputsOnEachDoorCostNothing() throws Exception {
        browser.get().open(server.get().url());
        assertTrue(Wait.until(Duration.ofSeconds(20), () -> browser.get().videoStats().framesDecoded() > 30));
        Fuzz fuzz = new Fuzz(server.get().port(), 20261130L);
        // a first round, so that what grows once and then stays (the heap to its working size, the HTTP
        // server's buffers, compiled code: about 100 MB here) is not counted below
        fuzz.signaling(5000, 250);
        fuzz.streamsApi(5000);
        fuzz.http(5000);
        long rssBefore = server.get().procStats().rssKb();
        long outsideBefore = server.get().memoryOutsideHeapKb();
        int logBefore = server.get().log().size();
        long frames = browser.get().videoStats().framesDecoded();
        long started = System.nanoTime();

        // before hello only: each session that says hello keeps ~300 kB of native memory after it ends
        // (webrtc-java's close, issue 18), which is not what this measures; the first round had those
        int signaling = fuzz.signaling(5000, 0);
        int api = fuzz.streamsApi(5000);
        int http = fuzz.http(5000);

        long rssAfter = server.get().procStats().rssKb();
        long outsideGrowth = server.get().memoryOutsideHeapKb() - outsideBefore;
        int logLines = server.get().log().size() - logBefore;
        System.out.printf("fuzz: answered %d/5000 signaling, %d/5000 streams API, %d/5000 HTTP in %.1f s; RSS %d "
                + "-> %d kB, outside the heap %+d kB; %d log lines%n", signaling, api, http,
                (System.nanoTime() - started) / 1e9, rssBefore, rssAfter, outsideGrowth, logLines);
        assertEquals(5000, signaling, "every bad signaling message answered with an error");
        assertEquals(5000, api, "every bad API message answered with an error");
        assertEquals(5000, http, "every bad HTTP request answered (a status, or the connection closed)");
        assertTrue(server.get().healthy(), "the server is up");
        assertTrue(Wait.until(Duration.ofSeconds(5), () -> browser.get().videoStats().framesDecoded() > frames + 100),
                "the viewer streamed all along");
        // the heap may still grow towards its ceiling (256 MB): what must not grow is the rest
        if (outsideGrowth >= 20 * 1024) {
            // RSS outside the heap swings by tens of MB now and then on these machines (seen once in several
            // full runs): a leak grows again in another round, a swing does not
            long secondBefore = server.get().memoryOutsideHeapKb();
            fuzz.signaling(5000, 0);
            fuzz.streamsApi(5000);
            fuzz.http(5000);
            long again = server.get().memoryOutsideHeapKb() - secondBefore;
            System.out.printf("fuzz, another round: outside the heap %+d kB%n", again);
            outsideGrowth = Math.min(outsideGrowth, again);
        }
        assertTrue(outsideGrowth < 20 * 1024, "memory outside the heap grew " + outsideGrowth + " kB, "
                + "in each of two rounds");
        assertTrue(logLines < 200, logLines + " log lines for 15,000 bad inputs");
    }
}
