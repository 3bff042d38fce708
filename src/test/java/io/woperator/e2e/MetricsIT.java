package io.woperator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.woperator.rig.Browser;
import io.woperator.rig.Part;
import io.woperator.rig.Rig;
import io.woperator.rig.TestDesktopProcess;
import io.woperator.rig.Wait;
import io.woperator.rig.WoperatorServer;
import io.woperator.rig.XvfbDisplay;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * /metrics as Prometheus reads it: refused without credentials, valid by promtool (Debian's prometheus package),
 * and moving while a viewer streams.
 */
class MetricsIT {
    private static final String TOKEN = "metrics-0123456789abcdef";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @RegisterExtension
    final Part<XvfbDisplay> display = Rig.display(640, 480);
    @RegisterExtension
    final Part<TestDesktopProcess> desktop = Rig.desktop(display, "animate", 30);
    @RegisterExtension
    final Part<WoperatorServer> server = Rig.server(display, "--no-audio", "--no-resize", "--token", TOKEN);
    @RegisterExtension
    final Part<Browser> browser = Rig.browser();

    @Test
    void metricsAreValidForPrometheusMoveWhileAViewerStreamsAndNeedCredentials() throws Exception {
        assertEquals(401, get(server.get(), null).statusCode(), "/metrics without credentials");
        browser.get().open(server.get().url() + "?token=" + TOKEN);
        assertTrue(Wait.until(Duration.ofSeconds(20), () -> browser.get().videoStats().framesDecoded() > 30));

        String first = get(server.get(), TOKEN).body();
        Thread.sleep(2000); // the stream's figures are sampled once a second
        HttpResponse<String> response = get(server.get(), TOKEN);
        String second = response.body();
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("text/plain; version=0.0.4"),
                "Prometheus' text format: " + response.headers().firstValue("content-type"));

        Process promtool = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
        promtool.getOutputStream().write(second.getBytes(StandardCharsets.UTF_8));
        promtool.getOutputStream().close();
        String verdict = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, promtool.waitFor(), "promtool check metrics: " + verdict);

        String frames = "woperator_stream_frames_total{stream=\"desktop\"}";
        System.out.printf("metrics: %s %.0f -> %.0f, %d lines%n", frames, value(first, frames),
                value(second, frames), second.lines().count());
        assertTrue(value(second, frames) > value(first, frames) + 20, "frames counted while streaming");
        assertTrue(value(second, "woperator_stream_frames_per_second{stream=\"desktop\"}") > 10);
        assertEquals(1, value(second, "woperator_stream_viewers{stream=\"desktop\"}"));
        assertEquals(1, value(second, "woperator_stream_running{stream=\"desktop\"}"));
        assertTrue(value(second, "woperator_stream_sent_bytes_total{stream=\"desktop\"}")
                > value(first, "woperator_stream_sent_bytes_total{stream=\"desktop\"}"), "bytes sent grow");
        assertTrue(value(second, "woperator_stage_runs_total{stage=\"grab\",stream=\"desktop\"}")
                > value(first, "woperator_stage_runs_total{stage=\"grab\",stream=\"desktop\"}"), "grabs counted");
        assertTrue(value(second, "woperator_stage_seconds_total{stage=\"convert\",stream=\"desktop\"}") > 0);
        assertEquals(1, value(second, "woperator_peer_connections_created_total")
                - value(second, "woperator_peer_connections_closed_total"), "one viewer, one peer open");
        assertTrue(value(second, "woperator_auth_failures_total") >= 1, "the refused scrape is counted");
        assertEquals(1, value(second, "woperator_viewer_connections{state=\"connected\",stream=\"desktop\"}"));
        String viewer = "{stream=\"desktop\",viewer=\"v1\"}";
        assertTrue(value(second, "woperator_viewer_keyframes_total" + viewer) >= 1, "the first keyframe counted");
        assertTrue(value(second, "woperator_viewer_target_bytes_per_second" + viewer) > 0);
        assertEquals(0, value(second, "woperator_viewer_packets_lost_total" + viewer), "nothing lost on loopback");
        assertTrue(Wait.until(Duration.ofSeconds(10), () -> scrape(server.get())
                .contains("woperator_viewer_round_trip_seconds" + viewer)), "the viewer's round trip, once reported");
        assertTrue(value(second, "process_resident_memory_bytes") > 50e6, "the process's RSS");
        assertTrue(value(second, "jvm_threads_current") > 10, "the JVM's own figures");
    }

    private static HttpResponse<String> get(WoperatorServer server, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url() + "metrics"))
                .timeout(Duration.ofSeconds(5));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String scrape(WoperatorServer server) {
        try {
            return get(server, TOKEN).body();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The value of one sample, named with its labels as Prometheus' text format writes them. */
    private static double value(String metrics, String sample) {
        double value = WoperatorServer.sample(metrics, sample);
        if (Double.isNaN(value)) {
            throw new AssertionError("no sample " + sample + " in:\n" + metrics);
        }
        return value;
    }
}
