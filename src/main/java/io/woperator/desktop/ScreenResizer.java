package io.woperator.desktop;

import io.woperator.platform.ScreenSizeLock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the X screen the size a viewer's window asks for, through RandR: a mode of that size is created, added
 * to the connected output and switched to, and the mode made for the previous request is removed. Requests are
 * carried out one at a time on a thread of this resizer's own, the latest one winning, through the xrandr tool:
 * a resize is rare (a window dragged to a new size), unlike input. Xvfb takes modes up to the size it was
 * started with (start it large); a server that refuses is logged once, and later requests are ignored.
 */
public final class ScreenResizer implements AutoCloseable {

    /** The largest screen a viewer may ask for, and the smallest. */
    public static final int MAX_WIDTH = 3840;
    public static final int MAX_HEIGHT = 2160;
    public static final int MIN_WIDTH = 320;
    public static final int MIN_HEIGHT = 240;

    private static final Logger LOG = LoggerFactory.getLogger(ScreenResizer.class);
    private static final Pattern CONNECTED = Pattern.compile("^(\\S+) connected", Pattern.MULTILINE);
    private static final Pattern MAXIMUM = Pattern.compile("maximum (\\d+) x (\\d+)");
    private static final String MODE_PREFIX = "woperator-";

    private final String display;
    private final ExecutorService worker;
    private final AtomicReference<int[]> latest = new AtomicReference<>();
    private String currentMode;
    private volatile boolean unsupported;

    public ScreenResizer(String display) {
        this.display = display;
        this.worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), task -> {
            Thread thread = new Thread(task, "woperator-resize");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Asks for the screen to become {@code width}×{@code height} (clamped, made even); returns at once. */
    public void request(int width, int height) {
        if (unsupported) {
            return;
        }
        int w = Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, width)) & ~1;
        int h = Math.min(MAX_HEIGHT, Math.max(MIN_HEIGHT, height)) & ~1;
        if (latest.getAndSet(new int[] {w, h}) == null) {
            worker.execute(this::applyLatest);
        }
    }

    private void applyLatest() {
        int[] size = latest.getAndSet(null);
        if (size == null || unsupported) {
            return;
        }
        try {
            resize(size[0], size[1]);
        } catch (NoRandr e) {
            unsupported = true;
            LOG.warn("The desktop keeps its size: {}", e.getMessage());
        } catch (IOException e) {
            // this size failed; the next request may well succeed, and other viewers still get theirs
            LOG.warn("The X server did not take {}x{} ({}); the desktop keeps its size for now", size[0], size[1],
                    e.getMessage());
        }
    }

    /** The X server cannot resize at all: no RandR output, or no xrandr to ask it with. */
    private static final class NoRandr extends IOException {
        NoRandr(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private void resize(int askedWidth, int askedHeight) throws IOException {
        String query;
        try {
            query = xrandr("--query");
        } catch (IOException e) {
            throw e.getMessage() != null && e.getMessage().startsWith("xrandr is missing") ? new NoRandr(e.getMessage(), e)
                    : e;
        }
        Matcher connected = CONNECTED.matcher(query);
        if (!connected.find()) {
            throw new NoRandr("the X server has no connected RandR output", null);
        }
        int[] size = fit(askedWidth, askedHeight, query);
        int width = size[0];
        int height = size[1];
        String name = MODE_PREFIX + width + "x" + height;
        if (name.equals(currentMode)) {
            return;
        }
        String output = connected.group(1);
        // an earlier server on this display may have made the mode already: making it again fails (BadName)
        if (!Pattern.compile("^\\s+" + Pattern.quote(name) + "\\s", Pattern.MULTILINE).matcher(query).find()) {
            xrandr(modeline(name, width, height));
            xrandr("--addmode", output, name);
        }
        ReentrantLock sizeLock = ScreenSizeLock.of(display);
        sizeLock.lock();
        try {
            xrandr("--output", output, "--mode", name);
        } finally {
            sizeLock.unlock();
        }
        if (currentMode != null) {
            // the old mode is no longer in use: take it away so that modes do not pile up
            try {
                xrandr("--delmode", output, currentMode);
                xrandr("--rmmode", currentMode);
            } catch (IOException e) {
                LOG.debug("Could not remove the mode {}: {}", currentMode, e.getMessage());
            }
        }
        currentMode = name;
        LOG.info("Screen resized to {}x{} for a viewer's window{}", width, height, width != askedWidth
                || height != askedHeight ? " (asked " + askedWidth + "x" + askedHeight + ", more than the X server's "
                + "largest screen)" : "");
    }

    /**
     * The asked size, made smaller at the same shape when the X server's screen cannot be that large (Xvfb grows no
     * larger than it was started), and even.
     */
    static int[] fit(int width, int height, String xrandrQuery) {
        Matcher maximum = MAXIMUM.matcher(xrandrQuery);
        if (maximum.find()) {
            double scale = Math.min(1, Math.min(Integer.parseInt(maximum.group(1)) / (double) width,
                    Integer.parseInt(maximum.group(2)) / (double) height));
            width = (int) Math.floor(width * scale);
            height = (int) Math.floor(height * scale);
        }
        return new int[] {Math.max(MIN_WIDTH, width) & ~1, Math.max(MIN_HEIGHT, height) & ~1};
    }

    /** A 60 Hz mode with reduced blanking: the numbers only have to be consistent for a virtual screen. */
    private static String[] modeline(String name, int width, int height) {
        int htotal = width + 160;
        int vtotal = height + 23;
        double clockMhz = htotal * (double) vtotal * 60 / 1e6;
        return new String[] {"--newmode", name, String.format(Locale.ROOT, "%.2f", clockMhz),
            String.valueOf(width), String.valueOf(width + 48), String.valueOf(width + 80), String.valueOf(htotal),
            String.valueOf(height), String.valueOf(height + 3), String.valueOf(height + 9), String.valueOf(vtotal),
            "+hsync", "-vsync"};
    }

    private String xrandr(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("xrandr", "-display", display));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("xrandr did not answer");
            }
            if (process.exitValue() != 0 || out.contains("X Error")) {
                throw new IOException("xrandr " + String.join(" ", args) + ": " + out.trim().lines().findFirst().orElse(""));
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().contains("Cannot run program")) {
                throw new IOException("xrandr is missing (Debian package x11-xserver-utils)", e);
            }
            throw e;
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
