package io.woperator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.woperator.rig.Browser;
import io.woperator.rig.Wait;
import io.woperator.rig.WoperatorServer;
import io.woperator.rig.XvfbDisplay;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Files in and out of the desktop from Chromium: an upload chosen in the viewer's file picker arrives whole, a
 * hostile name stays inside the upload folder, a file over the cap and a view-only viewer's upload are refused
 * with a message, and a file the desktop offers downloads byte for byte.
 */
class FilesIT {
    private static final String CONTROL = "control-secret-1";
    private static final String VIEWER = "viewer-secret-1:view";

    @Test
    void uploadsAndDownloads() throws Exception {
        Path uploads = Files.createTempDirectory("woperator-uploads-").resolve("Desktop");
        Path downloads = Files.createTempDirectory("woperator-downloads-");
        Path big = Files.createTempFile("woperator-20mb-", ".bin");
        byte[] content = new byte[20 * 1024 * 1024];
        new Random(42).nextBytes(content);
        Files.write(big, content);
        byte[] offered = new byte[3 * 1024 * 1024 + 17];
        new Random(7).nextBytes(offered);
        Files.write(downloads.resolve("report für dich.bin"), offered);
        try (XvfbDisplay display = XvfbDisplay.start(640, 480);
                WoperatorServer server = WoperatorServer.start(WoperatorServer.freePort(), display.name(),
                        "--no-audio", "--no-microphone", "--no-resize", "--token", CONTROL + "," + VIEWER,
                        "--upload-dir", uploads.toString(), "--download-dir", downloads.toString(),
                        "--max-upload-mb", "25");
                Browser driver = Browser.start();
                Browser watcher = Browser.start()) {
            driver.open(server.url() + "?token=" + CONTROL);
            assertTrue(Wait.until(Duration.ofSeconds(20), () -> Boolean.TRUE.equals(driver.script(
                    "return window.woperator.connection.state.inControl;"))), "the first viewer takes control");

            driver.click("files-open");
            driver.chooseFile("upload-input", big);
            Path landed = uploads.resolve(big.getFileName());
            assertTrue(Wait.until(Duration.ofSeconds(30), () -> landed.toFile().length() == content.length),
                    "the 20 MB upload did not land in " + uploads);
            assertEquals(sha256(content), sha256(Files.readAllBytes(landed)), "the upload's bytes");
            assertTrue(Wait.until(Duration.ofSeconds(5), () -> driver.text("uploads").contains("saved on the desktop")),
                    "the viewer says where it went: " + driver.text("uploads"));
            assertTrue(server.awaitLog("uploaded " + landed), "every transfer is logged with who did it");

            // the same name again gets a new name; a hostile name lands inside the folder
            assertEquals("saved on the desktop as " + stem(big) + " (2).bin", upload(driver, "'" + big.getFileName()
                    + "'", 1000));
            assertEquals("saved on the desktop as x", upload(driver, "'../../etc/x'", 10));
            assertEquals("saved on the desktop as _profile", upload(driver, "'.profile'", 10));
            try (Stream<Path> all = Files.walk(uploads.getParent())) {
                assertEquals(Stream.of(uploads.resolve(big.getFileName()), uploads.resolve(stem(big) + " (2).bin"),
                        uploads.resolve("_profile"), uploads.resolve("x")).sorted().toList(),
                        all.filter(Files::isRegularFile).sorted().toList(), "everything stayed in the upload folder");
            }
            String tooBig = upload(driver, "'huge.bin'", 26 * 1024 * 1024);
            assertTrue(tooBig.startsWith("not sent: the file is 26.0 MB, more than the 25.0 MB"), tooBig);
            assertTrue(Files.notExists(uploads.resolve("huge.bin")));

            // a viewer that may only watch sends nothing, and is told why
            watcher.open(server.url() + "?token=" + VIEWER.split(":")[0]);
            assertTrue(Wait.until(Duration.ofSeconds(20), () -> watcher.script(
                    "return window.woperator.connection.state.uploadKey;") != null));
            assertTrue(watcher.visible("files-open"), "a watcher may download");
            assertEquals("not sent: this viewer may only watch", upload(watcher, "'sneaky.txt'", 10));
            Object forced = watcher.asyncScript("""
                    const done = arguments[arguments.length - 1];
                    const s = window.woperator.connection.state;
                    fetch('files?name=sneaky.txt', { method: 'POST', body: 'x',
                        headers: { 'X-Woperator-Viewer': s.viewerId, 'X-Woperator-Key': s.uploadKey } })
                      .then((r) => done(r.status));
                    """);
            assertEquals(403, ((Number) forced).intValue(), "the server refuses it whatever the page does");
            assertTrue(Files.notExists(uploads.resolve("sneaky.txt")));

            // downloads: listed, and byte for byte
            driver.script("document.getElementById('files').close();");
            driver.click("files-open");
            assertTrue(Wait.until(Duration.ofSeconds(5), () -> driver.text("downloads").contains("report für dich.bin")),
                    "the download folder is listed: " + driver.text("downloads"));
            Object digest = driver.asyncScript("""
                    const done = arguments[arguments.length - 1];
                    fetch(document.querySelector('#downloads a').href)
                      .then((r) => r.arrayBuffer()).then((b) => crypto.subtle.digest('SHA-256', b))
                      .then((d) => done([...new Uint8Array(d)].map((x) => x.toString(16).padStart(2, '0')).join('')));
                    """);
            assertEquals(sha256(offered), digest, "the downloaded bytes");
            assertTrue(server.awaitLog("downloaded " + downloads.resolve("report für dich.bin")));
            driver.screenshot(Path.of("target", "screenshots", "files.png"));
        }
    }

    /** Uploads a generated file of {@code bytes} bytes named by the JS expression {@code name}; the page's words. */
    private static String upload(Browser browser, String name, int bytes) {
        return String.valueOf(browser.asyncScript("""
                const done = arguments[arguments.length - 1];
                const file = new File([new Uint8Array(arguments[0])], %s);
                window.woperator.files.upload(file).then(done, (e) => done(e.message));
                """.formatted(name), bytes));
    }

    private static String stem(Path file) {
        String name = file.getFileName().toString();
        return name.substring(0, name.lastIndexOf('.'));
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
