package io.woperator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * 5000 malformed messages or requests on each door (the signaling WebSocket before and after hello, the streams
 * API's WebSocket, plain HTTP on every endpoint) while a viewer streams, after a first round of as many: every one
 * answered, the viewer undisturbed, the server healthy, its memory where the first round left it and its log a few
 * lines longer. The data channel's 5000 are in
 * InputIT; 100,000 a door is {@code bench/run.sh fuzz}.
 */
class FuzzIT {

    @Test
    void fiveThousandBadInputsOnEachDoorCostNothing() throws Exception {
        try (XvfbDisplay display = XvfbDisplay.start(960, 540);
                TestDesktopProcess desktop = TestDesktopProcess.start(display.name(), "animate", 30);
                WoperatorServer server = WoperatorServer.start(WoperatorServer.freePort(), display.name(),
                        "--no-audio", "--no-resize");
                Browser browser = Browser.start()) {
            browser.open(server.url());
            assertTrue(Wait.until(Duration.ofSeconds(20), () -> browser.videoStats().framesDecoded() > 30));
            Fuzz fuzz = new Fuzz(server.port(), 20261130L);
            // a first round, so that what grows once and then stays (the heap to its working size, the HTTP
            // server's buffers, compiled code: about 100 MB here) is not counted below
            fuzz.signaling(5000, 250);
            fuzz.streamsApi(5000);
            fuzz.http(5000);
            long rssBefore = server.procStats().rssKb();
            int logBefore = server.log().size();
            long frames = browser.videoStats().framesDecoded();
            long started = System.nanoTime();

            int signaling = fuzz.signaling(5000, 250);
            int api = fuzz.streamsApi(5000);
            int http = fuzz.http(5000);

            long rssAfter = server.procStats().rssKb();
            int logLines = server.log().size() - logBefore;
            System.out.printf("fuzz: answered %d/5000 signaling, %d/5000 streams API, %d/5000 HTTP in %.1f s; RSS %d "
                    + "-> %d kB (%+d); %d log lines%n", signaling, api, http, (System.nanoTime() - started) / 1e9,
                    rssBefore, rssAfter, rssAfter - rssBefore, logLines);
            assertEquals(5000, signaling, "every bad signaling message answered with an error");
            assertEquals(5000, api, "every bad API message answered with an error");
            assertEquals(5000, http, "every bad HTTP request answered (a status, or the connection closed)");
            assertTrue(server.healthy(), "the server is up");
            assertTrue(Wait.until(Duration.ofSeconds(5), () -> browser.videoStats().framesDecoded() > frames + 100),
                    "the viewer streamed all along");
            assertTrue(rssAfter - rssBefore < 20 * 1024, "RSS grew " + (rssAfter - rssBefore) + " kB");
            assertTrue(logLines < 200, logLines + " log lines for 15,000 bad inputs");
        }
    }
}
