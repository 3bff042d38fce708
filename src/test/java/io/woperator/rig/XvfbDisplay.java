package io.woperator.rig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** A private Xvfb server on a display number nobody else uses, with RandR; stopped on close. */
public final class XvfbDisplay implements AutoCloseable {
    private final Process process;
    private final String name;
    private final int width;
    private final int height;

    private XvfbDisplay(Process process, String name, int width, int height) {
        this.process = process;
        this.name = name;
        this.width = width;
        this.height = height;
    }

    public static XvfbDisplay start(int width, int height) throws IOException, InterruptedException {
        for (int number = 100 + (int) (ProcessHandle.current().pid() % 50) * 4; ; number++) {
            if (!Files.exists(Path.of("/tmp/.X" + number + "-lock")) && !Files.exists(socket(number))) {
                XvfbDisplay display = tryStart(number, width, height);
                if (display != null) {
                    return display;
                }
            }
        }
    }

    /** A new Xvfb on the display number this one had, after it was closed: to the X clients, the same display. */
    public XvfbDisplay restartAt(int newWidth, int newHeight) throws IOException, InterruptedException {
        int number = Integer.parseInt(name.substring(1));
        Wait.until(Duration.ofSeconds(10), () -> !Files.exists(socket(number)));
        XvfbDisplay display = tryStart(number, newWidth, newHeight);
        if (display == null) {
            throw new IllegalStateException("could not restart Xvfb on " + name);
        }
        return display;
    }

    private static XvfbDisplay tryStart(int number, int width, int height) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("Xvfb", ":" + number, "-screen", "0", width + "x" + height + "x24",
                "-nolisten", "tcp", "+extension", "RANDR", "-noreset")
                .redirectErrorStream(true)
                .redirectOutput(Files.createTempFile("xvfb-" + number + "-", ".log").toFile())
                .start();
        if (Wait.until(Duration.ofSeconds(10), () -> Files.exists(socket(number)) || !process.isAlive())
                && process.isAlive()) {
            return new XvfbDisplay(process, ":" + number, width, height);
        }
        process.destroyForcibly().waitFor();
        return null;
    }

    private static Path socket(int number) {
        return Path.of("/tmp/.X11-unix/X" + number);
    }

    public String name() {
        return name;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
