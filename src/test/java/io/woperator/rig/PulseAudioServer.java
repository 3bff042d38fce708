package io.woperator.rig;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A private PulseAudio daemon on a socket of its own, with a null sink "desktop" as the default output: what a
 * desktop application plays goes there, and its monitor is what Woperator records.
 */
public final class PulseAudioServer implements AutoCloseable, BeforeEachCallback, AfterEachCallback {
    private final Path dir;
    private final List<Process> players = new ArrayList<>();
    private Process daemon;

    private PulseAudioServer(Path dir) {
        this.dir = dir;
    }

    public static PulseAudioServer start() throws IOException, InterruptedException {
        PulseAudioServer server = new PulseAudioServer(Files.createTempDirectory("woperator-pulse-"));
        server.startDaemon();
        return server;
    }

    /**
     * For {@code @RegisterExtension}: a daemon of its own for each test, started before it and stopped after it
     * (JUnit makes a new test instance, and so a new one of these, for every test).
     */
    public static PulseAudioServer perTest() {
        try {
            return new PulseAudioServer(Files.createTempDirectory("woperator-pulse-"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        startDaemon();
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        close();
    }

    /** The value for PULSE_SERVER. */
    public String address() {
        return "unix:" + socket();
    }

    public Map<String, String> clientEnvironment() {
        return Map.of("PULSE_SERVER", address());
    }

    private Path socket() {
        return dir.resolve("native");
    }

    private void startDaemon() throws IOException, InterruptedException {
        Path config = dir.resolve("default.pa");
        Files.writeString(config, String.join("\n",
                "load-module module-native-protocol-unix socket=" + socket() + " auth-anonymous=1",
                "load-module module-null-sink sink_name=desktop sink_properties=device.description=Desktop",
                "set-default-sink desktop", ""));
        Files.deleteIfExists(socket());
        ProcessBuilder builder = new ProcessBuilder("pulseaudio", "-n", "-F", config.toString(), "--daemonize=no",
                "--exit-idle-time=-1", "--use-pid-file=no", "--disallow-exit", "--log-target=stderr")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("pulseaudio.log").toFile());
        builder.environment().put("HOME", dir.toString());
        builder.environment().put("XDG_RUNTIME_DIR", dir.toString());
        builder.environment().remove("DISPLAY");
        daemon = builder.start();
        if (!Wait.until(Duration.ofSeconds(10), () -> pactlWorks() || !daemon.isAlive()) || !daemon.isAlive()) {
            throw new IllegalStateException("PulseAudio did not start: " + Files.readString(dir.resolve("pulseaudio.log")));
        }
    }

    private boolean pactlWorks() {
        try {
            return command("pactl", "info").waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private Process command(String... args) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(args).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().putAll(clientEnvironment());
        return builder.start();
    }

    /** Plays a sine into the default sink, as a desktop application would, for {@code seconds}. */
    public void playTone(double frequency, double amplitude, int seconds) throws IOException {
        Path raw = dir.resolve("tone-" + (int) frequency + ".raw");
        Files.write(raw, Tone.stereoPcm(frequency, amplitude, seconds, 48_000));
        players.add(command("pacat", "--raw", "--format=s16le", "--rate=48000", "--channels=2", raw.toString()));
    }

    /** Records {@code source} (mono, 48 kHz) for the given time. */
    public short[] record(String source, Duration duration) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("parecord", "--raw", "--format=s16le", "--rate=48000",
                "--channels=1", "--latency-msec=20", "-d", source);
        builder.environment().putAll(clientEnvironment());
        Process recorder = builder.start();
        byte[] bytes;
        try (InputStream in = recorder.getInputStream()) {
            long deadline = System.nanoTime() + duration.toNanos();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[9600];
            while (System.nanoTime() < deadline) {
                int n = in.read(buffer);
                if (n < 0) {
                    break;
                }
                out.write(buffer, 0, n);
            }
            bytes = out.toByteArray();
        } finally {
            recorder.destroy();
            recorder.waitFor(5, TimeUnit.SECONDS);
        }
        short[] samples = new short[bytes.length / 2];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(samples);
        return samples;
    }

    /** Kills the daemon outright, as a crash would. */
    public void kill() throws InterruptedException {
        stopPlayers();
        daemon.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }

    /** Starts the daemon again on the same socket. */
    public void restart() throws IOException, InterruptedException {
        startDaemon();
    }

    private void stopPlayers() throws InterruptedException {
        for (Process player : players) {
            player.destroy();
            player.waitFor(5, TimeUnit.SECONDS);
        }
        players.clear();
    }

    @Override
    public void close() throws InterruptedException {
        stopPlayers();
        if (daemon != null && daemon.isAlive()) {
            daemon.destroy();
            if (!daemon.waitFor(5, TimeUnit.SECONDS)) {
                daemon.destroyForcibly().waitFor();
            }
        }
    }
}
