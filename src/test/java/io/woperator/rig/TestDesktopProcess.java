package io.woperator.rig;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** Runs {@link TestDesktop} in its own JVM on a display, and waits until its pattern is on the screen. */
public final class TestDesktopProcess implements AutoCloseable {
    private final Process process;
    private final List<String> output;

    private TestDesktopProcess(Process process, List<String> output) {
        this.process = process;
        this.output = output;
    }

    /** What the desktop printed after READY (the flash times of the "flash" mode). */
    public List<String> output() {
        return output;
    }

    public static TestDesktopProcess start(String display, String mode, int fps) throws Exception {
        return start(display, mode, fps, java.util.Map.of());
    }

    /** As {@link #start(String, String, int)}, with more environment (PULSE_SERVER for the "flash" mode). */
    public static TestDesktopProcess start(String display, String mode, int fps, java.util.Map<String, String> env)
            throws Exception {
        // the test classes, and JNA for the "flash" mode's sound
        String classes = Path.of(TestDesktop.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                + java.io.File.pathSeparator
                + Path.of(com.sun.jna.Native.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classes, TestDesktop.class.getName(), mode, String.valueOf(fps)).redirectErrorStream(true);
        builder.environment().put("DISPLAY", display);
        builder.environment().putAll(env);
        Process process = builder.start();
        List<String> output = new CopyOnWriteArrayList<>();
        CompletableFuture<Boolean> ready = CompletableFuture.supplyAsync(() -> {
            BufferedReader reader = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            try {
                for (String line; (line = reader.readLine()) != null; ) {
                    if (line.equals("READY")) {
                        // keep draining its output so it never blocks on a full pipe
                        Thread drain = new Thread(() -> drain(reader, output), "test-desktop-output");
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
        return new TestDesktopProcess(process, output);
    }

    private static void drain(BufferedReader reader, List<String> output) {
        try (reader) {
            for (String line; (line = reader.readLine()) != null; ) {
                output.add(line);
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
