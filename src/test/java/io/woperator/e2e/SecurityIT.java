package io.woperator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.woperator.rig.Browser;
import io.woperator.rig.Wait;
import io.woperator.rig.WoperatorServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** Every door asks for credentials, the right ones open it, and the usual attacks get nowhere. */
class SecurityIT {
    private static final String USER = "ann";
    private static final String PASSWORD = "correct-horse";
    private static final String TOKEN = "tok-0123456789abcdef";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void everyDoorNeedsCredentialsAndTheRightOnesLetAViewerStream() throws Exception {
        try (WoperatorServer server = WoperatorServer.start(WoperatorServer.freePort(), null,
                "--basic-auth", USER + ":" + PASSWORD, "--token", TOKEN, "--no-audio")) {
            String base = server.url();
            for (String path : List.of("", "js/main.js", "healthz", "viewer.css")) {
                HttpResponse<String> refused = get(base + path, null);
                assertEquals(401, refused.statusCode(), "/" + path + " without credentials");
                assertTrue(refused.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"));
                assertEquals(401, get(base + path, basic(USER, "wrong")).statusCode(), "/" + path + " wrong password");
                assertEquals(200, get(base + path, basic(USER, PASSWORD)).statusCode(), "/" + path + " with Basic");
                assertEquals(200, get(base + path, "Bearer " + TOKEN).statusCode(), "/" + path + " with a bearer token");
            }
            HttpResponse<String> withToken = get(base + "?token=" + TOKEN, null);
            assertEquals(200, withToken.statusCode());
            assertTrue(withToken.headers().firstValue("Set-Cookie").orElse("").contains("HttpOnly"));
            assertEquals(401, webSocketStatus(server.port(), null, null), "the WebSocket upgrade cannot bypass it");
            assertEquals(101, webSocketStatus(server.port(), basic(USER, PASSWORD), null));

            try (Browser browser = Browser.start()) {
                browser.open(base + "?token=" + TOKEN);
                assertTrue(Wait.until(Duration.ofSeconds(20), () -> browser.videoStats().framesDecoded() > 10),
                        "a viewer with a token must stream");
            }
            try (Browser browser = Browser.start()) {
                // a browser is asked by the page's own form, not the bare Basic prompt
                browser.open(base);
                browser.fill("user", USER);
                browser.fill("password", PASSWORD);
                browser.click("sign-in");
                assertTrue(Wait.until(Duration.ofSeconds(20), () -> browser.videoStats().framesDecoded() > 10),
                        "a viewer with the user name and password must stream");
            }
            assertFalse(server.log().stream().anyMatch(l -> l.contains(PASSWORD) || l.contains(TOKEN)),
                    "credentials must never be logged");
        }
    }

    @Test
    void attacksAreRefusedAndLogged() throws Exception {
        try (WoperatorServer server = WoperatorServer.start(WoperatorServer.freePort(), null,
                "--token", TOKEN, "--no-audio")) {
            String base = server.url();
            assertEquals(403, webSocketStatus(server.port(), "Bearer " + TOKEN, "http://evil.example"),
                    "a WebSocket from a foreign Origin");
            assertTrue(server.awaitLog("foreign Origin"), "logged");
            assertEquals(101, webSocketStatus(server.port(), "Bearer " + TOKEN, "http://127.0.0.1:" + server.port()));

            assertEquals(401, get(base, "Bearer " + "x".repeat(20_000)).statusCode(), "an oversized Authorization");
            for (String path : List.of("../../../../etc/passwd", "%2e%2e/%2e%2e/%2e%2e/etc/passwd",
                    "js/..%2f..%2f..%2f..%2fetc%2fpasswd", "..%252f..%252fetc%252fpasswd", "js/../../pom.xml")) {
                HttpResponse<String> response = get(base + path, "Bearer " + TOKEN);
                assertNotEquals(200, response.statusCode(), "path traversal " + path);
                assertFalse(response.body().contains("root:"), "path traversal " + path);
            }

            assertTrue(get(base + "?token=expired-token-1", null).body().contains("The token in this link is not valid"),
                    "a wrong token is told in words");
            for (int i = 0; i < 10; i++) {
                get(base, "Bearer wrong-token-" + i);
            }
            assertEquals(429, get(base, "Bearer " + TOKEN).statusCode(), "an address that keeps failing is turned away");
            assertTrue(server.awaitLog("turning it away for a minute"), "logged");
            assertTrue(server.alive(), "the server must stay up");
        }
    }

    @Test
    void aViewerWhoseTokenWasWithdrawnIsToldSo() throws Exception {
        int port = WoperatorServer.freePort();
        try (Browser browser = Browser.start()) {
            try (WoperatorServer server = WoperatorServer.start(port, null, "--token", TOKEN, "--no-audio")) {
                browser.open(server.url() + "?token=" + TOKEN);
                assertTrue(Wait.until(Duration.ofSeconds(20), () -> browser.videoStats().framesDecoded() > 10));
            }
            try (WoperatorServer server = WoperatorServer.start(port, null, "--token", "another-token-0001", "--no-audio")) {
                assertTrue(Wait.until(Duration.ofSeconds(20), () -> "error".equals(browser.statusState())),
                        "the viewer stops retrying: " + browser.statusState());
                String said = String.valueOf(browser.script("return document.getElementById('status-text').textContent;"));
                // the token left the page's address at load: the cookie that kept it is what was refused
                assertTrue(said.contains("The token this browser remembers is no longer valid"), said);
                assertTrue(server.alive());
            }
        }
    }

    @Test
    void aBrowserWithoutCredentialsGetsASignInFormNotABare401() throws Exception {
        try (WoperatorServer server = WoperatorServer.start(WoperatorServer.freePort(), null, "--no-audio",
                "--token", TOKEN, "--basic-auth", "ann:sesame-street");
                Browser browser = Browser.start();
                Browser second = Browser.start()) {
            browser.open(server.url() + "?stream=desktop");
            assertEquals("Sign in — Woperator", browser.script("return document.title;"));
            assertTrue(browser.visible("token") && browser.visible("user") && browser.visible("password"));
            browser.fill("token", "not-the-token-1");
            browser.click("sign-in");
            assertTrue(Wait.until(Duration.ofSeconds(5), () -> String.valueOf(browser.script(
                    "return document.body.innerText;")).contains("That token is not valid")), "a wrong token is said");
            browser.screenshot(java.nio.file.Path.of("target", "screenshots", "sign-in.png"));
            browser.fill("token", TOKEN);
            browser.click("sign-in");
            assertTrue(Wait.until(Duration.ofSeconds(20), () -> browser.videoStats().framesDecoded() > 10),
                    "signed in with the token, the viewer streams");
            String address = String.valueOf(browser.script("return location.href;"));
            assertTrue(address.endsWith("/?stream=desktop") && !address.contains(TOKEN), address);

            second.open(server.url());
            second.fill("user", "ann");
            second.fill("password", "sesame-street");
            second.click("sign-in");
            assertTrue(Wait.until(Duration.ofSeconds(20), () -> second.videoStats().framesDecoded() > 10),
                    "signed in with the user name and password, the viewer streams");
            assertTrue(server.logContains("Signed in from 127.0.0.1 through the form (control)"));
        }
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> get(String url, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The status of a WebSocket upgrade to /ws: 101 when it opened. */
    private static int webSocketStatus(int port, String authorization, String origin) {
        WebSocket.Builder builder = HTTP.newWebSocketBuilder();
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        if (origin != null) {
            builder.header("Origin", origin);
        }
        try {
            builder.buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), new WebSocket.Listener() { })
                    .join().abort();
            return 101;
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException handshake) {
                return handshake.getResponse().statusCode();
            }
            throw e;
        }
    }
}
