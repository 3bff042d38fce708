package io.woperator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.woperator.rig.Browser;
import io.woperator.rig.MediaFile;
import io.woperator.rig.PulseAudioServer;
import io.woperator.rig.TestDesktopProcess;
import io.woperator.rig.Tone;
import io.woperator.rig.Wait;
import io.woperator.rig.WoperatorServer;
import io.woperator.rig.XvfbDisplay;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recording a stream while it streams, checked with FFmpeg's own tools as a user would open the file: ffprobe
 * for its streams, size and length, a picture taken from it against the desktop's pixels, its sound against the
 * tone played on the desktop; a live viewer's frame rate before and during; and a folder that cannot be written.
 */
class RecordingIT {
    private static final int WIDTH = 1280;
    private static final int HEIGHT = 720;
    private static final double TONE_HZ = 440;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final PulseAudioServer pulse = PulseAudioServer.perTest();

    @Test
    void fiveSecondsRecordedWhileAViewerWatchesHoldTheDesktopAndItsSound(@TempDir Path recordings) throws Exception {
        pulse.playTone(TONE_HZ, 0.5, 60);
        try (XvfbDisplay display = XvfbDisplay.start(WIDTH, HEIGHT);
                TestDesktopProcess desktop = TestDesktopProcess.start(display.name(), "bars", 30);
                WoperatorServer server = WoperatorServer.start(WoperatorServer.freePort(), display.name(),
                        pulse.clientEnvironment(), "--no-resize", "--recordings-dir", recordings.toString());
                Browser browser = Browser.start()) {
            browser.open(server.url());
            assertTrue(Wait.until(Duration.ofSeconds(20), () -> browser.videoStats().framesDecoded() > 30));
            assertTrue(Wait.until(Duration.ofSeconds(10), () -> server.logContains("Audio capture started")));
            double fpsBefore = viewerFps(browser);

            JsonNode started = api(server, "POST", "api/streams/desktop/recording", 200);
            long recordingFrom = System.nanoTime();
            double fpsDuring = viewerFps(browser);
            Thread.sleep(Math.max(0, 5000 - (System.nanoTime() - recordingFrom) / 1_000_000));
            JsonNode stopped = api(server, "DELETE", "api/streams/desktop/recording", 200);
            System.out.printf("viewer while recording: %.1f fps before, %.1f fps during; %s, %d bytes%n", fpsBefore,
                    fpsDuring, stopped.get("file").asText(), stopped.get("bytes").asLong());
            // two cores encode the live stream and the recording here: the recorder's one thread may cost a little
            assertTrue(fpsDuring >= fpsBefore * 0.8, "the live viewer kept its rate: " + fpsBefore + " → " + fpsDuring);
            assertEquals(started.get("file").asText(), stopped.get("file").asText());
            Path file = recordings.resolve(stopped.get("file").asText());
            assertTrue(file.getFileName().toString().matches("desktop-\\d{8}-\\d{6}\\.mp4"), file.toString());

            JsonNode probe = MediaFile.probe(file);
            JsonNode video = MediaFile.stream(probe, "video");
            JsonNode audio = MediaFile.stream(probe, "audio");
            assertEquals("h264", video.get("codec_name").asText());
            assertEquals(WIDTH, video.get("width").asInt());
            assertEquals(HEIGHT, video.get("height").asInt());
            assertEquals("aac", audio.get("codec_name").asText());
            double seconds = probe.get("format").get("duration").asDouble();
            System.out.printf("recording: %s %dx%d + %s, %.2f s%n", video.get("codec_name").asText(),
                    video.get("width").asInt(), video.get("height").asInt(), audio.get("codec_name").asText(), seconds);
            assertEquals(5, seconds, 0.5, "duration");
            BufferedImage picture = MediaFile.picture(file, 2.5);
            assertEquals(WIDTH, picture.getWidth());
            assertEquals(HEIGHT, picture.getHeight());
            MediaFile.assertShowsTheDesktop(picture, "the recorded picture");
            double heard = Tone.dominantFrequency(MediaFile.sound(file, 1), 48_000);
            System.out.printf("recording's sound: %.1f Hz%n", heard);
            assertEquals(TONE_HZ, heard, 5, "the tone played on the desktop");

            // the same as WebM, VP8 and Opus, and both listed for admins (this machine, on a server without credentials)
            api(server, "POST", "api/streams/desktop/recording?format=webm", 200);
            assertEquals(409, request(server, "POST", "api/streams/desktop/recording").statusCode(), "one at a time");
            Thread.sleep(3000);
            JsonNode webm = api(server, "DELETE", "api/streams/desktop/recording", 200);
            JsonNode webmProbe = MediaFile.probe(recordings.resolve(webm.get("file").asText()));
            assertEquals("vp8", MediaFile.stream(webmProbe, "video").get("codec_name").asText());
            assertEquals("opus", MediaFile.stream(webmProbe, "audio").get("codec_name").asText());
            assertEquals(3, webmProbe.get("format").get("duration").asDouble(), 0.5, "WebM's duration");
            JsonNode listed = api(server, "GET", "api/recordings", 200);
            assertEquals(2, listed.size());
            HttpResponse<byte[]> download = HTTP.send(HttpRequest.newBuilder(URI.create(server.url()
                    + "api/recordings/" + stopped.get("file").asText())).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, download.statusCode());
            assertEquals(Files.size(file), download.body().length, "downloaded whole");
            assertEquals(404, request(server, "GET", "api/recordings/..%2F..%2Fetc%2Fpasswd").statusCode());
            HttpResponse<String> badFormat = request(server, "POST", "api/streams/desktop/recording?format=avi");
            assertEquals(400, badFormat.statusCode(), badFormat.body());
            assertTrue(badFormat.body().contains("webm or mp4"), badFormat.body());
            assertEquals(409, request(server, "DELETE", "api/streams/desktop/recording").statusCode(), "not recording");
            assertTrue(browser.videoStats().framesDecoded() > 0 && server.healthy());
        }
    }

    @Test
    void anAdminRecordsFromTheViewersToolbarAndOthersSeeNoButton(@TempDir Path recordings) throws Exception {
        try (XvfbDisplay display = XvfbDisplay.start(640, 360);
                TestDesktopProcess desktop = TestDesktopProcess.start(display.name(), "bars", 30);
                WoperatorServer server = WoperatorServer.start(WoperatorServer.freePort(), display.name(),
                        pulse.clientEnvironment(), "--no-resize", "--recordings-dir", recordings.toString(),
                        "--token", "boss-secret:admin,ann-secret:control");
                Browser admin = Browser.start();
                Browser other = Browser.start()) {
            admin.open(server.url() + "?token=boss-secret");
            other.open(server.url() + "?token=ann-secret");
            assertTrue(Wait.until(Duration.ofSeconds(20), () -> admin.videoStats().framesDecoded() > 10
                    && other.videoStats().framesDecoded() > 10));
            String hidden = "return document.getElementById('record-toggle').hidden;";
            assertTrue(Wait.until(Duration.ofSeconds(5), () -> Boolean.FALSE.equals(admin.script(hidden))),
                    "an admin has it");
            assertEquals(Boolean.TRUE, other.script(hidden), "a viewer who is no admin has no record button");
            admin.click("record-toggle");
            assertTrue(Wait.until(Duration.ofSeconds(5), () -> admin.notices().stream()
                    .anyMatch(n -> n.startsWith("Recording to desktop-"))), "said in words: " + admin.notices());
            assertEquals("true", admin.script("return document.getElementById('record-toggle')"
                    + ".getAttribute('aria-pressed');"));
            Thread.sleep(2000);
            admin.click("record-toggle");
            assertTrue(Wait.until(Duration.ofSeconds(10), () -> admin.notices().stream()
                    .anyMatch(n -> n.startsWith("Recording stopped: desktop-"))), "said in words: " + admin.notices());
            assertEquals("false", admin.script("return document.getElementById('record-toggle')"
                    + ".getAttribute('aria-pressed');"));
            try (var files = Files.list(recordings)) {
                Path file = files.findFirst().orElseThrow();
                assertEquals("h264", MediaFile.stream(MediaFile.probe(file), "video").get("codec_name").asText());
            }
        }
    }

    @Test
    void aWriteThatFailsMidwayStopsTheRecordingNotTheStream(@TempDir Path recordings) throws Exception {
        try (XvfbDisplay display = XvfbDisplay.start(WIDTH, HEIGHT);
                TestDesktopProcess desktop = TestDesktopProcess.start(display.name(), "animate", 30);
                WoperatorServer server = WoperatorServer.start(WoperatorServer.freePort(), display.name(),
                        pulse.clientEnvironment(), "--no-resize", "--recordings-dir", recordings.toString());
                Browser browser = Browser.start()) {
            browser.open(server.url());
            assertTrue(Wait.until(Duration.ofSeconds(20), () -> browser.videoStats().framesDecoded() > 30));
            // a full disk, as the server meets it: no file of its may grow past 400 kB from now on (EFBIG)
            MediaFile.run("prlimit", "--pid", String.valueOf(server.pid()), "--fsize=400000");
            api(server, "POST", "api/streams/desktop/recording", 200);
            assertTrue(Wait.until(Duration.ofSeconds(30), () -> server.logContains("Recording stopped: could not "
                    + "write")), "the failed write is said");
            // said a moment after the failed write, once the recording is let go
            assertTrue(server.awaitLog("Stream desktop goes on without its recording"), "the stream goes on, said");
            assertEquals(409, request(server, "DELETE", "api/streams/desktop/recording").statusCode(),
                    "no recording runs any more");
            long frames = browser.videoStats().framesDecoded();
            assertTrue(Wait.until(Duration.ofSeconds(5), () -> browser.videoStats().framesDecoded() > frames + 30),
                    "the stream goes on");
            Path file;
            try (var files = Files.list(recordings)) {
                file = files.findFirst().orElseThrow();
            }
            // written in fragments: what reached the disk plays
            JsonNode probe = MediaFile.probe(file);
            double seconds = probe.get("format").get("duration").asDouble();
            System.out.printf("a recording cut short at %d bytes: %.2f s of %s that play%n", Files.size(file), seconds,
                    MediaFile.stream(probe, "video").get("codec_name").asText());
            assertTrue(seconds > 0, "some of it plays");
        }
    }

    @Test
    void aFolderThatCannotBeWrittenIsAClearErrorAndTheStreamGoesOn(@TempDir Path temp) throws Exception {
        Path notAFolder = Files.writeString(temp.resolve("a-file"), "not a folder");
        try (XvfbDisplay display = XvfbDisplay.start(640, 360);
                TestDesktopProcess desktop = TestDesktopProcess.start(display.name(), "bars", 30);
                WoperatorServer server = WoperatorServer.start(WoperatorServer.freePort(), display.name(),
                        pulse.clientEnvironment(), "--no-resize", "--record", "--recordings-dir",
                        notAFolder.resolve("recordings").toString());
                Browser browser = Browser.start()) {
            browser.open(server.url());
            assertTrue(Wait.until(Duration.ofSeconds(20), () -> browser.videoStats().framesDecoded() > 10));
            assertTrue(server.logContains("Cannot record stream desktop: cannot make the recordings folder"),
                    "--record says why it cannot");
            HttpResponse<String> refused = request(server, "POST", "api/streams/desktop/recording");
            JsonNode error = JSON.readTree(refused.body());
            System.out.println("recording into a file's path: " + refused.statusCode() + " " + refused.body());
            assertEquals(500, refused.statusCode());
            assertEquals("cannot-record", error.get("code").asText());
            assertTrue(error.get("message").asText().contains(notAFolder.resolve("recordings").toString()),
                    "the message names the folder");
            long frames = browser.videoStats().framesDecoded();
            assertTrue(Wait.until(Duration.ofSeconds(5), () -> browser.videoStats().framesDecoded() > frames + 30),
                    "the stream goes on");
        }
    }

    private static double viewerFps(Browser browser) throws InterruptedException {
        long before = browser.videoStats().framesDecoded();
        long start = System.nanoTime();
        Thread.sleep(3000);
        return (browser.videoStats().framesDecoded() - before) / ((System.nanoTime() - start) / 1e9);
    }

    private static HttpResponse<String> request(WoperatorServer server, String method, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode api(WoperatorServer server, String method, String path, int status) throws Exception {
        HttpResponse<String> response = request(server, method, path);
        assertEquals(status, response.statusCode(), method + " " + path + ": " + response.body());
        return JSON.readTree(response.body());
    }

}
