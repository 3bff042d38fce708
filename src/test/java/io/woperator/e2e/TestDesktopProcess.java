package io.woperator.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs {@link TestDesktop} in its own JVM on a display, and waits until its pattern is on the screen. */
public final class TestDesktopProcess implements AutoCloseable {
    private final Process process;

    private TestDesktopProcess(Process process) {
        this.process = process;
    }

    public static TestDesktopProcess start(String display, String mode, int fps) throws Exception {
        String classes = Path.of(TestDesktop.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classes, TestDesktop.class.getName(), mode, String.valueOf(fps)).redirectErrorStream(true);
        builder.environment().put("DISPLAY", display);
        Process process = builder.start();
        CompletableFuture<Boolean> ready = CompletableFuture.supplyAsync(() -> {
            BufferedReader reader = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            try {
                for (String line; (line = reader.readLine()) != null; ) {
                    if (line.equals("READY")) {
                        // keep draining its output so it never blocks on a full pipe
                        Thread drain = new Thread(() -> drain(reader), "test-desktop-output");
                        drain.setDaemon(true);
                        drain.start();
                        return true;
                    }
                    System.out.println("[test-desktop] " + line);
                }
            } catch (IOException e) {
                return false;
            }
            return false;
        });
        if (!ready.get(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("the test desktop did not start on " + display);
        }
        return new TestDesktopProcess(process);
    }

    private static void drain(BufferedReader reader) {
        try (reader) {
            while (reader.readLine() != null) {
                // discard
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
