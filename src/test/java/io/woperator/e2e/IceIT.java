package io.woperator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.woperator.rig.Browser;
import io.woperator.rig.CoturnServer;
import io.woperator.rig.SignalingClient;
import io.woperator.rig.Wait;
import io.woperator.rig.WoperatorServer;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Through a real coturn: a viewer forced to relay streams with credentials made from the shared secret. */
class IceIT {
    private static final String SECRET = "correct horse battery staple";

    @ParameterizedTest(name = "TURN over {0}")
    @ValueSource(strings = {"udp", "tcp"})
    void aRelayOnlyViewerStreamsThroughTurnWithSharedSecretCredentials(String transport) throws Exception {
        try (CoturnServer turn = CoturnServer.start(SECRET);
                WoperatorServer server = WoperatorServer.start(WoperatorServer.freePort(), null,
                        "--turn", turn.url(transport), "--turn-shared-secret", SECRET, "--no-audio");
                Browser browser = Browser.start()) {
            browser.open(server.url() + "?relay");
            assertTrue(Wait.until(Duration.ofSeconds(30), () -> browser.videoStats().framesDecoded() > 30),
                    "no frames through TURN over " + transport);
            assertEquals("relay", selectedLocalCandidateType(browser), "the media must go through the relay");
            assertTrue(Wait.until(Duration.ofSeconds(10),
                    () -> browser.script("return window.woperator.connection.localLink;") != null));
            assertEquals(false, browser.script("return window.woperator.connection.localLink;"),
                    "a relayed link is not local");
            assertEquals("direct", browser.renderPath(), "so the picture stays on RTP, whose bitrate adapts");
        }
    }

    @ParameterizedTest(name = "wrong secret")
    @ValueSource(strings = {"udp"})
    void withAWrongSecretNothingStreamsAndTheViewerSaysWhy(String transport) throws Exception {
        try (CoturnServer turn = CoturnServer.start(SECRET);
                WoperatorServer server = WoperatorServer.start(WoperatorServer.freePort(), null,
                        "--turn", turn.url(transport), "--turn-shared-secret", "not the secret", "--no-audio");
                Browser browser = Browser.start()) {
            browser.open(server.url() + "?relay");
            assertTrue(Wait.until(Duration.ofSeconds(40), () -> String.valueOf(browser.script(
                    "return document.getElementById('status-text').textContent;")).contains("TURN server")),
                    "the viewer must say that the TURN server did not get it through; it says: "
                            + browser.script("return document.getElementById('status-text').textContent;"));
            assertEquals(0, browser.videoStats().framesDecoded(), "nothing may stream");
        }
    }

    @org.junit.jupiter.api.Test
    void theServersMediaStaysInsideTheIcePortRange() throws Exception {
        int low = 41000 + (int) (ProcessHandle.current().pid() % 100) * 20;
        int high = low + 9;
        try (WoperatorServer server = WoperatorServer.start(WoperatorServer.freePort(), null,
                "--ice-port-range", low + "-" + high, "--no-audio");
                Browser browser = Browser.start()) {
            String[] candidate = firstCandidate(server);
            int port = Integer.parseInt(candidate[5]);
            assertTrue(port >= low && port <= high, "candidate port " + port + " is outside " + low + "-" + high);
            browser.open(server.url());
            assertTrue(Wait.until(Duration.ofSeconds(20), () -> browser.videoStats().framesDecoded() > 10),
                    "a viewer must stream through the port range");
        }
    }

    /** Behind a 1:1 NAT the host candidates must name the outside address (no NAT here to stream through). */
    @org.junit.jupiter.api.Test
    void hostCandidatesAnnounceTheNatAddress() throws Exception {
        try (WoperatorServer server = WoperatorServer.start(WoperatorServer.freePort(), null,
                "--nat-1to1-ip", "192.0.2.55", "--no-audio")) {
            String[] candidate = firstCandidate(server);
            assertEquals("192.0.2.55", candidate[4], "the host candidate must carry the 1:1 NAT address");
            assertEquals("host", candidate[7]);
        }
    }

    /** The fields of the first candidate the server trickles: foundation component transport priority address port typ type. */
    private static String[] firstCandidate(WoperatorServer server) throws Exception {
        try (SignalingClient client = SignalingClient.connect(server.port())) {
            client.next("offer", Duration.ofSeconds(10));
            String message = client.next("candidate", Duration.ofSeconds(10));
            return message.replaceAll(".*\"candidate\":\"candidate:", "").split(" ");
        }
    }

    private static String selectedLocalCandidateType(Browser browser) {
        return String.valueOf(browser.asyncScript("""
                const done = arguments[arguments.length - 1];
                window.woperator.connection.peer.getStats().then((report) => {
                  let pair = null;
                  report.forEach((s) => {
                    if (s.type === 'transport' && s.selectedCandidatePairId) pair = report.get(s.selectedCandidatePairId);
                  });
                  done(pair ? report.get(pair.localCandidateId).candidateType : 'none');
                });
                """));
    }
}
