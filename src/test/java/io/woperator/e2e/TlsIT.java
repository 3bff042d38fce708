package io.woperator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.woperator.rig.Browser;
import io.woperator.rig.Wait;
import io.woperator.rig.WoperatorServer;
import io.woperator.rig.XvfbDisplay;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS and WSS with a self-signed certificate: Chromium, told to trust exactly that key, streams. */
class TlsIT {
    private static final String TOKEN = "tls-token-0123456";

    @TempDir
    Path state;

    @Test
    void aSelfSignedCertificateServesHttpsAndWssAndPlainHttpRedirects() throws Exception {
        int redirectPort = WoperatorServer.freePort();
        try (XvfbDisplay display = XvfbDisplay.start(800, 600);
                WoperatorServer server = WoperatorServer.start(WoperatorServer.freePort(), display.name(),
                        "--tls-self-signed", "--state-dir", state.toString(), "--http-redirect-port",
                        String.valueOf(redirectPort), "--token", TOKEN, "--no-audio", "--no-resize")) {
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                    new ByteArrayInputStream(Files.readAllBytes(state.resolve("tls-cert.pem"))));
            String fingerprint = HexFormat.ofDelimiter(":").withUpperCase()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
            assertTrue(server.logContains("SHA-256 fingerprint " + fingerprint), "the log shows the fingerprint");

            HttpResponse<Void> redirect = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + redirectPort + "/js/main.js?x=1")).build(),
                    HttpResponse.BodyHandlers.discarding());
            assertEquals(308, redirect.statusCode(), "plain HTTP redirects");
            assertEquals("https://127.0.0.1:" + server.port() + "/js/main.js?x=1",
                    redirect.headers().firstValue("Location").orElse(""));

            String spki = Base64.getEncoder().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(cert.getPublicKey().getEncoded()));
            try (Browser browser = Browser.start("--ignore-certificate-errors-spki-list=" + spki)) {
                // through the redirect, as a person typing the plain address would
                browser.open("http://127.0.0.1:" + redirectPort + "/?token=" + TOKEN);
                assertTrue(Wait.until(Duration.ofSeconds(20), () -> browser.videoStats().framesDecoded() > 10),
                        "the viewer streams over HTTPS and WSS");
                assertEquals("https:", browser.script("return location.protocol;"));
                assertEquals(800, browser.videoStats().width());
            }
        }
    }
}
