package io.woperator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    private static String selectedLocalCandidateType(Browser browser) {
        return String.valueOf(browser.asyncScript("""
                const done = arguments[arguments.length - 1];
                window.woperator.connection.peer.getStats().then((report) => {
                  let pair = null;
                  report.forEach((s) => { if (s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded') pair = s; });
                  done(pair ? report.get(pair.localCandidateId).candidateType : 'none');
                });
                """));
    }
}
