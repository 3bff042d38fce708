package io.woperator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.woperator.rig.Browser;
import io.woperator.rig.DesktopPattern;
import io.woperator.rig.SignalingClient;
import io.woperator.rig.TestDesktopProcess;
import io.woperator.rig.Wait;
import io.woperator.rig.WoperatorServer;
import io.woperator.rig.XvfbDisplay;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Dimension;

/**
 * One front door for two desktops: the signaling hub and two senders from the built jar, each sender on its own X
 * server (of its own size) with the input test application, and headless Chromium. The hub's page lists both;
 * each opens and shows its own desktop; a click lands on the desktop it was aimed at and no other; the hub relays
 * signaling only; a sender killed and started again, and the hub restarted, are both got over without a reload.
 */
class HubIT {
    private static final String SECRET = "hub-s3cret";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theHubListsTwoSendersOpensEachAndSurvivesTheirRestarts() throws Exception {
        int hubPort = WoperatorServer.freePort();
        int lab2Port = WoperatorServer.freePort();
        int webPort = WoperatorServer.freePort();
        try (XvfbDisplay display1 = XvfbDisplay.start(640, 360);
                XvfbDisplay display2 = XvfbDisplay.start(800, 450);
                TestDesktopProcess desktop1 = TestDesktopProcess.start(display1.name(), "input", 30);
                TestDesktopProcess desktop2 = TestDesktopProcess.start(display2.name(), "input", 30);
                Browser browser = Browser.start()) {
            WoperatorServer hub = startHub(hubPort, "--allowed-origins", "http://127.0.0.1:" + webPort);
            WoperatorServer lab1 = startSender("lab-1", WoperatorServer.freePort(), display1, hubPort);
            WoperatorServer lab2 = null;
            try {
                browser.open(hub.url());
                assertTrue(Wait.until(Duration.ofSeconds(15), () -> listed(browser).equals(List.of("lab-1"))),
                        () -> "the hub's page lists the sender: " + listed(browser));
                long started = System.nanoTime();
                lab2 = startSender("lab-2", lab2Port, display2, hubPort);
                assertTrue(Wait.until(Duration.ofSeconds(15), () -> listed(browser).equals(List.of("lab-1", "lab-2"))),
                        () -> "the hub's page lists both senders: " + listed(browser));
                System.out.printf("a sender is on the hub's page %d ms after it was started (its JVM's start "
                        + "included)%n", (System.nanoTime() - started) / 1_000_000);
                assertEquals("Desktops on this hub — Woperator", browser.script("return document.title;"));

                String axe = AccessibilityIT.axeSource();
                browser.screenshot(Path.of("target", "screenshots", "hub-directory-1280x800.png"));
                AccessibilityIT.assertNoSeriousViolations(browser, axe, "the hub's list of desktops");
                browser.resizeWindow(new Dimension(390, 844));
                browser.screenshot(Path.of("target", "screenshots", "hub-directory-390x844.png"));
                AccessibilityIT.assertNoSeriousViolations(browser, axe, "the hub's list of desktops on a phone");
                browser.resizeWindow(new Dimension(1280, 800));

                // the page from a server of its own (woperator web) opens them through the hub as well
                try (WoperatorServer web = WoperatorServer.startAs("web", webPort, null, Map.of(), "--signaling-url",
                        "ws://127.0.0.1:" + hubPort)) {
                    browser.open(web.url());
                    assertTrue(Wait.until(Duration.ofSeconds(15), () -> listed(browser).equals(List.of("lab-1",
                            "lab-2"))), () -> "the web role's page lists both senders: " + listed(browser));
                    browser.script("document.querySelector('a[href*=\"sender=lab-1\"]').click();");
                    assertShows(browser, 640, 360);
                }
                // the first picture through the hub against the same sender's own address, in turns
                for (int round = 0; round < 3; round++) {
                    System.out.printf("first frame of lab-1: %.0f ms through the hub, %.0f ms from the sender "
                            + "directly%n", firstFrameMs(browser, hub.url() + "?sender=lab-1&stream=desktop"),
                            firstFrameMs(browser, lab1.url()));
                }
                browser.open(hub.url());

                // each opens from the list, and shows its own desktop
                browser.script("document.querySelector('a[href*=\"sender=lab-1\"]').click();");
                assertShows(browser, 640, 360);
                clickLandsOnlyOn(browser, desktop1, desktop2, 640, 360);
                browser.open(hub.url() + "?sender=lab-2&stream=desktop");
                assertShows(browser, 800, 450);
                clickLandsOnlyOn(browser, desktop2, desktop1, 800, 450);

                // the media goes between the browser and the sender: the hub carries signaling only
                long relayedBefore = health(hub).get("relayedBytes").asLong();
                long receivedBefore = mediaBytesReceived(browser);
                Thread.sleep(5000);
                long relayed = health(hub).get("relayedBytes").asLong() - relayedBefore;
                long received = mediaBytesReceived(browser) - receivedBefore;
                System.out.printf("in 5 s of streaming through the hub: %d characters of signaling relayed, %d bytes of"
                        + " media received from the sender directly%n", relayed, received);
                assertTrue(relayed < 20_000, "the hub relays signaling only: " + relayed);
                assertTrue(received > 2 * relayed, "media never passes through the hub");

                // a sender killed and started again: the page says so and streams again by itself
                long lives = liveCount(browser);
                lab2.kill();
                assertTrue(Wait.until(Duration.ofSeconds(15), () -> String.valueOf(browser.script(
                        "return document.getElementById('status-text').textContent;")).contains("not connected to the "
                        + "hub")), () -> "the page says the desktop is away: " + browser.text("status-text"));
                lab2 = startSender("lab-2", lab2Port, display2, hubPort);
                assertTrue(Wait.until(Duration.ofSeconds(30), () -> liveCount(browser) > lives),
                        () -> "streams again without a reload: " + browser.text("status-text"));
                assertShows(browser, 800, 450);

                // the hub restarted: the senders register again and the viewer comes back
                long livesBeforeHub = liveCount(browser);
                hub.kill();
                hub = startHub(hubPort, "--allowed-origins", "http://127.0.0.1:" + webPort);
                WoperatorServer newHub = hub;
                assertTrue(Wait.until(Duration.ofSeconds(40), () -> health(newHub).get("senders").size() == 2),
                        "both senders registered again");
                assertTrue(Wait.until(Duration.ofSeconds(30), () -> liveCount(browser) > livesBeforeHub),
                        () -> "the viewer resumed after the hub's restart: " + browser.text("status-text"));
                assertShows(browser, 800, 450);
                clickLandsOnlyOn(browser, desktop2, desktop1, 800, 450);
            } finally {
                for (WoperatorServer server : new WoperatorServer[] {lab2, lab1, hub}) {
                    if (server != null) {
                        server.close();
                    }
                }
            }
        }
    }

    @Test
    void aSenderWithoutTheSecretOrWithATakenNameIsRefused() throws Exception {
        int hubPort = WoperatorServer.freePort();
        try (WoperatorServer hub = startHub(hubPort);
                WoperatorServer first = WoperatorServer.startAs("sender", WoperatorServer.freePort(), null, Map.of(),
                        "--source", "test-pattern", "--no-audio", "--no-microphone", "--signaling-url",
                        "ws://127.0.0.1:" + hubPort, "--name", "lab-1", "--sender-secret", SECRET);
                WoperatorServer intruder = WoperatorServer.startAs("sender", WoperatorServer.freePort(), null, Map.of(),
                        "--source", "test-pattern", "--no-audio", "--no-microphone", "--signaling-url",
                        "ws://127.0.0.1:" + hubPort, "--name", "lab-2", "--sender-secret", "guess");
                WoperatorServer impostor = WoperatorServer.startAs("sender", WoperatorServer.freePort(), null,
                        Map.of(), "--source", "test-pattern", "--no-audio", "--no-microphone", "--signaling-url",
                        "ws://127.0.0.1:" + hubPort, "--name", "lab-1", "--sender-secret", SECRET)) {
            assertTrue(Wait.until(Duration.ofSeconds(15), () -> intruder.logContains("refused this sender: forbidden")
                    && impostor.logContains("refused this sender: name-taken")), () -> "refusals said: "
                            + intruder.log() + impostor.log());
            assertEquals(List.of("lab-1"), JSON.convertValue(health(hub).get("senders"), List.class));
            assertTrue(hub.logContains("Refused a sender from"), "the hub says whom it refused");
            // a stream made on a sender through its own API is on the hub's list within seconds
            try (SignalingClient page = SignalingClient.connect(hubPort, "/ws", null)) {
                page.next("senders", Duration.ofSeconds(5));
                HttpResponse<String> made = HTTP.send(HttpRequest.newBuilder(URI.create(first.url() + "api/streams"))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"cam9\",\"description\":\"Pattern\","
                                + "\"source\":{\"kind\":\"test-pattern\"}}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(201, made.statusCode(), made.body());
                HTTP.send(HttpRequest.newBuilder(URI.create(first.url() + "api/streams/cam9/start"))
                        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
                String listed = null;
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (System.nanoTime() < deadline && (listed == null || !listed.contains("\"cam9\""))) {
                    listed = page.poll("senders", Duration.ofSeconds(1));
                }
                assertTrue(listed != null && listed.contains("{\"id\":\"cam9\",\"description\":\"Pattern\"}"),
                        "the hub's list has the new stream: " + listed);
            }
            try (SignalingClient viewer = SignalingClient.connect(hubPort, "/ws?sender=nowhere", null)) {
                JsonNode error = JSON.readTree(viewer.next("error", Duration.ofSeconds(5)));
                assertEquals("sender-unavailable", error.get("code").asText(), error.toString());
                assertEquals(1013, viewer.closeCode(Duration.ofSeconds(5)), "try again later");
            }
            assertTrue(first.logContains("Registered with the signaling hub"));
        }
    }

    @Test
    void aFrozenSenderIsLetGoAndAFrozenHubIsGivenUpOnThenRegisteredWithAgain() throws Exception {
        int hubPort = WoperatorServer.freePort();
        try (WoperatorServer hub = startHub(hubPort);
                WoperatorServer frozenHost = testPatternSender(hubPort)) {
            assertTrue(Wait.until(Duration.ofSeconds(15), () -> registered(hub).equals(List.of("lab-1"))));

            // a sender that stops answering (a frozen host, a connection cut without a word) is let go, and its
            // name is free for the machine that takes its place
            long frozen = System.nanoTime();
            signal("STOP", frozenHost);
            assertTrue(Wait.until(Duration.ofSeconds(50), () -> registered(hub).isEmpty()),
                    "the hub lets a silent sender go");
            System.out.printf("a frozen sender was let go by the hub after %d s%n",
                    Duration.ofNanos(System.nanoTime() - frozen).toSeconds());
            assertTrue(hub.logContains("Sender lab-1 has not answered for "), "and says so");
            frozenHost.kill();
            try (WoperatorServer sender = testPatternSender(hubPort)) {
                assertTrue(Wait.until(Duration.ofSeconds(20), () -> registered(hub).equals(List.of("lab-1"))),
                        "the sender that takes its place registers under its name");
                frozenHubIsGivenUpOn(hub, sender);
            }
        }
    }

    /** A hub that stops answering is given up on by the sender, which registers again once it is back. */
    private static void frozenHubIsGivenUpOn(WoperatorServer hub, WoperatorServer sender) throws Exception {
        long noticed = lines(sender, "the hub stopped answering");
        long registrations = lines(sender, "Registered with the signaling hub");
        long frozen = System.nanoTime();
        signal("STOP", hub);
        assertTrue(Wait.until(Duration.ofSeconds(50), () -> lines(sender, "the hub stopped answering") > noticed),
                "the sender notices a silent hub");
        System.out.printf("a frozen hub was given up on by the sender after %d s%n",
                Duration.ofNanos(System.nanoTime() - frozen).toSeconds());
        signal("CONT", hub);
        assertTrue(Wait.until(Duration.ofSeconds(40), () -> lines(sender, "Registered with the signaling hub")
                > registrations && registered(hub).equals(List.of("lab-1"))), "registered again: "
                        + registered(hub));
    }

    private static long lines(WoperatorServer server, String text) {
        return server.log().stream().filter(line -> line.contains(text)).count();
    }

    private static WoperatorServer testPatternSender(int hubPort) throws Exception {
        return WoperatorServer.startAs("sender", WoperatorServer.freePort(), null, Map.of(), "--source",
                "test-pattern", "--no-audio", "--no-microphone", "--signaling-url", "ws://127.0.0.1:" + hubPort,
                "--name", "lab-1", "--sender-secret", SECRET);
    }

    private static void signal(String signal, WoperatorServer server) throws Exception {
        assertEquals(0, new ProcessBuilder("kill", "-" + signal, String.valueOf(server.pid())).start().waitFor());
    }

    private static List<String> registered(WoperatorServer hub) {
        List<String> names = new ArrayList<>();
        health(hub).get("senders").forEach(name -> names.add(name.asText()));
        return names;
    }

    private static WoperatorServer startHub(int port, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("--sender-secret", SECRET));
        args.addAll(List.of(more));
        return WoperatorServer.startAs("signaling", port, null, Map.of(), args.toArray(String[]::new));
    }

    private static WoperatorServer startSender(String name, int port, XvfbDisplay display, int hubPort)
            throws Exception {
        WoperatorServer sender = WoperatorServer.startAs("sender", port, display.name(), Map.of(), "--no-audio",
                "--no-microphone", "--no-resize", "--signaling-url", "ws://127.0.0.1:" + hubPort, "--name", name,
                "--sender-secret", SECRET);
        assertTrue(Wait.until(Duration.ofSeconds(15), () -> sender.logContains("Registered with the signaling hub")),
                () -> name + " did not register: " + sender.log());
        return sender;
    }

    @SuppressWarnings("unchecked")
    private static List<String> listed(Browser browser) {
        return (List<String>) browser.script("return [...document.querySelectorAll('#directory .sender h2')]"
                + ".map((h) => h.firstChild.textContent);");
    }

    private static long mediaBytesReceived(Browser browser) {
        return ((Number) browser.asyncScript("""
                const done = arguments[arguments.length - 1];
                window.woperator.connection.peer.getStats().then((stats) => {
                  let bytes = 0;
                  // the transport's: on RTP or, on a local link, on the data channel "frames"
                  stats.forEach((r) => { if (r.type === 'transport') bytes += r.bytesReceived; });
                  done(bytes);
                });""")).longValue();
    }

    /** Milliseconds from opening the page at {@code url} to its first picture on the screen. */
    private static double firstFrameMs(Browser browser, String url) throws InterruptedException {
        browser.open(url);
        assertTrue(Wait.until(Duration.ofSeconds(20), () -> browser.script("return window.woperator.firstFrameMs;")
                != null), "no first picture at " + url);
        return ((Number) browser.script("return window.woperator.firstFrameMs;")).doubleValue();
    }

    private static long liveCount(Browser browser) {
        return ((Number) browser.script("return window.woperator.connection.liveCount;")).longValue();
    }

    /** Frames of this size arrive, and the input application's grey panel is in them. */
    private static void assertShows(Browser browser, int width, int height) throws InterruptedException {
        assertTrue(Wait.until(Duration.ofSeconds(20), () -> browser.videoStats().width() == width
                && browser.videoStats().height() == height && browser.videoStats().framesDecoded() > 0),
                () -> "no " + width + "x" + height + " picture: " + browser.videoStats() + ", "
                        + browser.text("status-text"));
        int panel = browser.samplePixels(List.<int[]>of(new int[] {width / 2, height * 3 / 4})).get(0);
        assertTrue(DesktopPattern.alike(panel, 0x404040), String.format("the panel's grey, not %06x", panel));
    }

    /** A click on the viewer reaches the desktop it shows, and the other desktop hears nothing. */
    private static void clickLandsOnlyOn(Browser browser, TestDesktopProcess target, TestDesktopProcess other,
            int width, int height) throws InterruptedException {
        assertTrue(Wait.until(Duration.ofSeconds(10), () -> Boolean.TRUE.equals(browser.script(
                "return window.woperator.input.channel?.readyState === 'open';"))), "the input channel opens");
        int otherBefore = presses(other);
        int before = presses(target);
        browser.mouseAt(width / 2, height * 3 / 4).click().perform();
        assertTrue(Wait.until(Duration.ofSeconds(10), () -> presses(target) > before), "the click lands");
        assertEquals(otherBefore, presses(other), "the other desktop gets nothing");
    }

    private static int presses(TestDesktopProcess desktop) {
        return (int) desktop.output().stream().filter(line -> line.startsWith("PRESS ")).count();
    }

    private static JsonNode health(WoperatorServer hub) {
        try {
            return JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(hub.url() + "healthz"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body());
        } catch (Exception e) {
            return JSON.createObjectNode().set("senders", JSON.createArrayNode());
        }
    }
}
