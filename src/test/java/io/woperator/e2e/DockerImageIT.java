package io.woperator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.woperator.rig.Browser;
import io.woperator.rig.Tone;
import io.woperator.rig.Wait;
import io.woperator.rig.WoperatorServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The Docker image as a user meets it: run with --network=host, it serves a desktop with Firefox in kiosk mode
 * and sound; Chromium on the host decodes it, sees Firefox's page (many colours), hears a tone played inside,
 * and the container stops within 5 s. Built and run by src/test/sh/docker-test.sh (Maven profile "docker").
 */
class DockerImageIT {
    private static final String IMAGE = System.getProperty("woperator.image");
    private static final List<String> ENGINE = words(System.getProperty("woperator.container.engine", ""));
    private static final List<String> RUN_ARGS = words(System.getProperty("woperator.container.run-args", ""));

    @Test
    void theImageServesAWholeDesktopWithSoundAndStopsPromptly() throws Exception {
        assertNotNull(IMAGE, "run through src/test/sh/docker-test.sh, which builds the image");
        int port = WoperatorServer.freePort();
        String name = "woperator-it-" + port;
        List<String> run = new ArrayList<>(ENGINE);
        run.addAll(List.of("run", "-d", "--name", name, "--network=host"));
        run.addAll(RUN_ARGS);
        run.addAll(List.of("-e", "PORT=" + port, "-e", "DISPLAY_NUMBER=" + freeDisplayNumber(),
                "-e", "RESOLUTION=1280x720@30fps", IMAGE));
        long started = System.nanoTime();
        command(run, 120);
        try (Browser browser = Browser.start()) {
            String url = "http://127.0.0.1:" + port + "/";
            assertTrue(Wait.until(Duration.ofSeconds(90), () -> healthy(url)),
                    "the container did not answer /healthz; its log:\n" + logs(name));
            browser.open(url);
            assertTrue(Wait.until(Duration.ofSeconds(60), () -> browser.videoStats().framesDecoded() > 0),
                    "no frame decoded; the container's log:\n" + logs(name));
            double firstFrameSeconds = (System.nanoTime() - started) / 1e9;
            long frames = browser.videoStats().framesDecoded();
            assertTrue(Wait.until(Duration.ofSeconds(10), () -> browser.videoStats().framesDecoded() > frames + 60),
                    "frames must keep coming");

            // Firefox's start page (the image's default), not a blank screen: many distinct colours across it
            assertTrue(Wait.until(Duration.ofSeconds(60), () -> distinctColours(browser) >= 8),
                    "the picture looks blank (" + distinctColours(browser) + " colours); the container's log:\n"
                            + logs(name));
            browser.screenshot(Path.of("target", "screenshots", "docker-desktop.png"));
            assertTrue(command(concat(ENGINE, "exec", name, "cat", "/usr/lib/firefox-esr/distribution/policies.json"),
                    10).contains("\"DisableTelemetry\": true"),
                    "Firefox's policies (no first-run page, no data-reporting bar) are in the image");

            Path tone = Files.createTempFile("woperator-tone-", ".wav");
            Tone.writeMonoWav(tone, 440, 0.5, 60, 48_000);
            tone.toFile().setReadable(true, false); // the container's user plays it
            command(concat(ENGINE, "cp", tone.toString(), name + ":/tmp/tone.wav"), 30);
            Process player = new ProcessBuilder(concat(ENGINE, "exec", name, "paplay", "/tmp/tone.wav"))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            try {
                Browser.ToneMeasurement[] heard = {null};
                assertTrue(Wait.until(Duration.ofSeconds(30), () -> {
                    heard[0] = browser.measureTone();
                    return Math.abs(heard[0].frequency() - 440) < 5 && heard[0].rms() > 0.05;
                }), "the tone played in the container was not heard; last " + heard[0]);
                System.out.printf("container tone in the browser: %.1f Hz, RMS %.3f%n", heard[0].frequency(),
                        heard[0].rms());
            } finally {
                player.destroy();
            }

            long stopStart = System.nanoTime();
            command(concat(ENGINE, "stop", "-t", "10", name), 30);
            long stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopStart);
            String exitCode = command(concat(ENGINE, "inspect", "--format", "{{.State.ExitCode}}", name), 30).trim();
            String size = command(concat(ENGINE, "image", "inspect", "--format", "{{.Size}}", IMAGE), 30).trim();
            System.out.printf("image %s: %.0f MB; run to first decoded frame %.1f s; stopped in %d ms, exit code %s%n",
                    IMAGE, Long.parseLong(size) / 1e6, firstFrameSeconds, stopMillis, exitCode);
            assertTrue(stopMillis <= 5000, "docker stop took " + stopMillis + " ms");
            assertEquals("0", exitCode, "the container must stop cleanly; its log:\n" + logs(name));
        } finally {
            command(concat(ENGINE, "rm", "-f", name), 60);
        }
    }

    private static int distinctColours(Browser browser) {
        List<int[]> points = new ArrayList<>();
        int width = browser.videoStats().width();
        int height = browser.videoStats().height();
        for (int y = 0; y < 24; y++) {
            for (int x = 0; x < 32; x++) {
                points.add(new int[] {(int) ((x + 0.5) * width / 32), (int) ((y + 0.5) * height / 24)});
            }
        }
        Set<Integer> colours = new HashSet<>();
        for (int rgb : browser.samplePixels(points)) {
            colours.add(rgb & 0xE0E0E0); // 8 levels a channel: compression noise is not a colour
        }
        return colours.size();
    }

    private static boolean healthy(String url) {
        try {
            Process curl = new ProcessBuilder("curl", "-fsS", url + "healthz").redirectErrorStream(true).start();
            return curl.waitFor(5, TimeUnit.SECONDS) && curl.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** An X display number free on this host: with --network=host the container's X server shares its sockets. */
    private static int freeDisplayNumber() {
        for (int n = 50; ; n++) {
            if (!Files.exists(Path.of("/tmp/.X11-unix/X" + n)) && !Files.exists(Path.of("/tmp/.X" + n + "-lock"))) {
                return n;
            }
        }
    }

    private static String logs(String name) {
        try {
            return command(concat(ENGINE, "logs", name), 30);
        } catch (Exception e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static String command(List<String> args, int timeoutSeconds) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", args) + " did not finish in " + timeoutSeconds + " s");
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", args) + " failed: " + out);
        }
        return out;
    }

    private static List<String> concat(List<String> head, String... tail) {
        List<String> all = new ArrayList<>(head);
        all.addAll(Arrays.asList(tail));
        return all;
    }

    private static List<String> words(String s) {
        return s.isBlank() ? List.of() : List.of(s.trim().split("\\s+"));
    }
}
