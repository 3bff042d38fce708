package io.woperator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.woperator.rig.Browser;
import io.woperator.rig.Part;
import io.woperator.rig.Rig;
import io.woperator.rig.SignalingClient;
import io.woperator.rig.TestDesktopProcess;
import io.woperator.rig.Wait;
import io.woperator.rig.WoperatorServer;
import io.woperator.rig.XvfbDisplay;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Several viewers, one driver: two Chromium viewers watch the same desktop; only the one in control reaches the X
 * display, control changes hands when asked and granted, and view-only or foreign-role actions are refused.
 */
class RolesIT {
    private static final String ANN = "ann-token-0001:control";
    private static final String BOB = "bob-token-0002:control";
    private static final String EVE = "eve-token-0003:view";
    private static final String BOSS = "boss-token-004:admin";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Points in the test desktop's mouse panel, one per viewer, so each press says whose it was. */
    private static final int[] ANN_POINT = {500, 450};
    private static final int[] BOB_POINT = {700, 550};

    @RegisterExtension
    final Part<XvfbDisplay> display = Rig.display(1024, 768);
    @RegisterExtension
    final Part<TestDesktopProcess> desktop = Rig.desktop(display, "input", 30);
    @RegisterExtension
    final Part<WoperatorServer> server = Rig.server(display, "--no-audio", "--no-microphone", "--no-resize",
            "--max-viewers", "3", "--token", String.join(",", ANN, BOB, EVE, BOSS));
    @RegisterExtension
    final Part<Browser> ann = Rig.browser();
    @RegisterExtension
    final Part<Browser> bob = Rig.browser();

    private int consumed;

    @Test
    void onlyTheViewerInControlDrivesAndControlChangesHandsWhenGranted() throws Exception {
        ann.get().open(server.get().url() + "?token=" + secret(ANN));
        awaitStreaming(ann.get());
        awaitControlText(ann.get(), "You are in control");
        bob.get().open(server.get().url() + "?token=" + secret(BOB));
        awaitStreaming(bob.get());
        awaitControlText(bob.get(), "v1 is in control · 2 viewers");
        long annFrames = ann.get().videoStats().framesDecoded();
        assertTrue(Wait.until(Duration.ofSeconds(5), () -> ann.get().videoStats().framesDecoded() > annFrames + 10),
                "both viewers decode frames at once");

        // Bob watches: his page sends nothing, and what he forces onto the data channel is dropped by the server
        bob.get().mouseAt(BOB_POINT[0], BOB_POINT[1]).click().perform();
        forceClick(bob.get(), BOB_POINT);
        assertTrue(server.get().awaitLog("Viewer v2: input dropped (not in control)"), "the server drops it and says so");
        ann.get().mouseAt(ANN_POINT[0], ANN_POINT[1]).click().perform();
        assertPressAt(ANN_POINT, "only the controller's click reaches the desktop");

        // Bob asks, Ann hands over
        bob.get().click("control-toggle");
        assertTrue(Wait.until(Duration.ofSeconds(5), () -> ann.get().visible("control-request")),
                "the viewer in control is asked");
        assertTrue(ann.get().script("return document.getElementById('control-request-text').textContent;").toString()
                .contains("v2 asks to take control"));
        ann.get().click("control-grant");
        awaitControlText(bob.get(), "You are in control");
        awaitControlText(ann.get(), "v2 is in control");
        forceClick(ann.get(), ANN_POINT);
        assertTrue(server.get().awaitLog("Viewer v1: input dropped (not in control)"), "Ann's input is dropped now");
        bob.get().mouseAt(BOB_POINT[0], BOB_POINT[1]).click().perform();
        assertPressAt(BOB_POINT, "after the hand-off only the new controller's click reaches the desktop");

        // A view-only token cannot take control, and one viewer too many is turned away
        try (SignalingClient eve = SignalingClient.connect(server.get().port(), secret(EVE))) {
            assertEquals("view", json(eve.next("welcome", Duration.ofSeconds(5))).get("role").asText());
            eve.send("{\"type\":\"request-control\"}");
            assertEquals("forbidden", json(eve.next("error", Duration.ofSeconds(5))).get("code").asText());
            assertTrue(server.get().awaitLog("forbidden: this viewer may only watch"), "refused and logged");
            try (SignalingClient extra = SignalingClient.connect(server.get().port(), secret(ANN))) {
                assertEquals("too-many-viewers",
                        json(extra.next("error", Duration.ofSeconds(5))).get("code").asText());
                assertEquals(1013, extra.closeCode(Duration.ofSeconds(5)));
            }
        }

        // A driver who is not in control cannot hand control on; an admin takes it and hands it back
        assertTrue(server.get().awaitLog("Viewer v3 left (2 connected"), "Eve has left");
        try (SignalingClient boss = SignalingClient.connect(server.get().port(), secret(BOSS))) {
            String bossId = json(boss.next("welcome", Duration.ofSeconds(5))).get("viewerId").asText();
            boss.send("{\"type\":\"grant-control\",\"viewerId\":\"v1\"}");
            awaitController(boss, "v1");
            awaitControlText(ann.get(), "You are in control");
            boss.send("{\"type\":\"request-control\"}");
            assertTrue(Wait.until(Duration.ofSeconds(5), () -> controlText(ann.get()).equals(bossId
                    + " is in control · 3 viewers")), "an admin takes control without asking: " + controlText(ann.get()));
        }
        awaitControlText(ann.get(), "No one is in control");
        ann.get().click("control-toggle");
        awaitControlText(ann.get(), "You are in control");
        try (SignalingClient notInControl = SignalingClient.connect(server.get().port(), secret(BOB))) {
            notInControl.next("welcome", Duration.ofSeconds(5));
            notInControl.send("{\"type\":\"grant-control\",\"viewerId\":\"v2\"}");
            JsonNode refused = json(notInControl.next("error", Duration.ofSeconds(5)));
            assertEquals("forbidden", refused.get("code").asText(), refused.toString());
        }
        assertFalse(server.get().log().stream().anyMatch(l -> l.contains(secret(ANN)) || l.contains(secret(BOSS))),
                "tokens never reach the log");
    }

    private static String secret(String token) {
        return token.substring(0, token.lastIndexOf(':'));
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    private static void awaitStreaming(Browser browser) throws InterruptedException {
        assertTrue(Wait.until(Duration.ofSeconds(20), () -> browser.videoStats().framesDecoded() > 10
                && Boolean.TRUE.equals(browser.script("return window.woperator.input.channel?.readyState === 'open';"))),
                "the viewer did not start streaming with its input channel open");
    }

    /** Reads control messages until one says this viewer is in control. */
    private static void awaitController(SignalingClient client, String id) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!json(client.next("control", Duration.ofSeconds(5))).path("controller").asText("").equals(id)) {
            assertTrue(System.nanoTime() < deadline, "control never passed to " + id);
        }
    }

    private static String controlText(Browser browser) {
        return String.valueOf(browser.script("return document.getElementById('control-state').textContent;"));
    }

    private static void awaitControlText(Browser browser, String text) throws InterruptedException {
        assertTrue(Wait.until(Duration.ofSeconds(5), () -> controlText(browser).startsWith(text)),
                "expected '" + text + "', the viewer says '" + controlText(browser) + "'");
    }

    /** Sends a click on the data channel past the page's own gate, as a modified page could. */
    private static void forceClick(Browser browser, int[] point) {
        browser.script("const c = window.woperator.input.channel;"
                + "c.send(JSON.stringify({type: 'move', x: arguments[0], y: arguments[1]}));"
                + "c.send(JSON.stringify({type: 'button', button: 1, down: true}));"
                + "c.send(JSON.stringify({type: 'button', button: 1, down: false}));", point[0], point[1]);
    }

    /** The next press the desktop saw was at this point (an earlier press from anyone else fails it). */
    private void assertPressAt(int[] point, String message) throws InterruptedException {
        String[] press = {null};
        assertTrue(Wait.until(Duration.ofSeconds(5), () -> {
            List<String> lines = desktop.get().output();
            for (int i = consumed; i < lines.size(); i++) {
                if (lines.get(i).startsWith("PRESS ")) {
                    press[0] = lines.get(i);
                    consumed = i + 1;
                    return true;
                }
            }
            return false;
        }), message + ": no press arrived");
        String[] f = press[0].split(" ");
        assertEquals(point[0], Integer.parseInt(f[1]), 2, message + ": " + press[0]);
        assertEquals(point[1], Integer.parseInt(f[2]), 2, message + ": " + press[0]);
    }
}
