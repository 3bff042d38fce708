package io.woperator.rig;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The real server, started from the built woperator.jar as its own process. */
public final class WoperatorServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final int port;
    private final boolean tls;
    private volatile String authorization;
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final Thread pump;

    private WoperatorServer(Process process, int port, boolean tls) {
        this.process = process;
        this.port = port;
        this.tls = tls;
        pump = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = reader.readLine()) != null; ) {
                    log.add(line);
                    System.out.println("[server:" + port + "] " + line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "server-log-" + port);
        pump.setDaemon(true);
        pump.start();
    }

    /**
     * Starts the jar on {@code port} with DISPLAY set to {@code display} (or unset when null), and waits until
     * /healthz answers.
     */
    public static WoperatorServer start(int port, String display, String... args) throws Exception {
        return start(port, display, Map.of(), args);
    }

    /** As {@link #start(int, String, String...)}, with more environment variables (PULSE_SERVER, say). */
    public static WoperatorServer start(int port, String display, Map<String, String> extraEnv, String... args)
            throws Exception {
        return startAs(List.of(), port, display, extraEnv, args);
    }

    /** The jar in another of its roles: {@code signaling} (the hub) or {@code sender}. */
    public static WoperatorServer startAs(String role, int port, String display, Map<String, String> extraEnv,
            String... args) throws Exception {
        return startAs(List.of(role), port, display, extraEnv, args);
    }

    private static WoperatorServer startAs(List<String> role, int port, String display, Map<String, String> extraEnv,
            String... args) throws Exception {
        // the heap ceiling src/main/sh/woperator.sh and the image give it; heap pages resident as soon as committed,
        // so that RSS less the committed heap measures native memory (see memoryOutsideHeapKb)
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx256m", "-XX:+AlwaysPreTouch", "-jar",
                jar().toString()));
        command.addAll(role);
        command.addAll(List.of("--port", String.valueOf(port)));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("WOPERATOR_") || k.equals("PORT"));
        env.put("MALLOC_ARENA_MAX", "2");
        if (display == null) {
            env.remove("DISPLAY");
        } else {
            env.put("DISPLAY", display);
        }
        env.putAll(extraEnv);
        boolean tls = command.contains("--tls-self-signed") || command.contains("--tls-cert");
        WoperatorServer server = new WoperatorServer(builder.start(), port, tls);
        if (!Wait.until(Duration.ofSeconds(30), () -> server.answers() || !server.process.isAlive())
                || !server.process.isAlive()) {
            server.close();
            throw new IllegalStateException("the server did not come up; its log:\n" + String.join("\n", server.log));
        }
        return server;
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static Path jar() {
        Path jar = Path.of(System.getProperty("woperator.jar", "target/woperator.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("build the jar first (mvn package): " + jar + " is missing");
        }
        return jar;
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    public String url() {
        return (tls ? "https" : "http") + "://127.0.0.1:" + port + "/";
    }

    public int port() {
        return port;
    }

    /**
     * What health(), healthy() and metric() send as Authorization from now on, for a server started with
     * credentials (e.g. "Bearer secret"); returns this server.
     */
    public WoperatorServer authorizeWith(String authorization) {
        this.authorization = authorization;
        return this;
    }

    /** An HTTP request to one of the server's paths, with the credentials of {@link #authorizeWith}. */
    private HttpRequest.Builder request(String path, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url() + path)).timeout(timeout);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request;
    }

    public long pid() {
        return process.pid();
    }

    public List<String> log() {
        return log;
    }

    /** Whether the server logs a line containing {@code text} within 5 s: its log is read as it comes. */
    public boolean awaitLog(String text) throws InterruptedException {
        return Wait.until(Duration.ofSeconds(5), () -> logContains(text));
    }

    public boolean logContains(String text) {
        return log.stream().anyMatch(line -> line.contains(text));
    }

    public boolean alive() {
        return process.isAlive();
    }

    /**
     * The server answers HTTP at all (a 401 from one that wants credentials counts); over TLS, which this client
     * would not trust, its log says it serves.
     */
    private boolean answers() {
        if (tls) {
            return logContains("Serving the viewer at https://");
        }
        try {
            int status = HTTP.send(HttpRequest.newBuilder(URI.create(url() + "healthz"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            return status == 200 || status == 401;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public boolean healthy() {
        try {
            HttpResponse<String> response = HTTP.send(request("healthz", Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("\"ok\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** What /healthz says now. */
    public Health health() {
        try {
            HttpResponse<String> response = HTTP.send(request("healthz", Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return JSON.readValue(response.body(), Health.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** One sample of /metrics (with the credentials of {@link #authorizeWith}), e.g. {@code woperator_viewers}; NaN when absent. */
    public double metric(String sample) {
        try {
            return sample(HTTP.send(request("metrics", Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString()).body(), sample);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * One sample's value in a scrape of /metrics, named with its labels as the text format writes them; NaN if absent.
     */
    public static double sample(String metrics, String sample) {
        Matcher m = Pattern.compile("^" + Pattern.quote(sample) + " (\\S+)$", Pattern.MULTILINE).matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    /**
     * The process's memory outside the Java heap, in kB: RSS less the heap's committed size (which the JVM keeps
     * once grown, up to its ceiling), from /metrics. What grows here is native: buffers, libwebrtc, FFmpeg. Native
     * memory held by unreachable Java objects (direct buffers of a capture that stopped) counts until the next
     * collection: see {@link #memoryOutsideHeapAfterGcKb}.
     */
    public long memoryOutsideHeapKb() {
        double heap = metric("jvm_memory_committed_bytes{area=\"heap\"}");
        if (!(heap > 0)) {
            throw new IllegalStateException("/metrics has no heap size");
        }
        return procStats().rssKb() - (long) (heap / 1024);
    }

    /** {@link #memoryOutsideHeapKb} after a full collection, which frees what unreachable objects held natively. */
    public long memoryOutsideHeapAfterGcKb() throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder("jcmd", String.valueOf(pid()), "GC.run").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (jcmd.waitFor() != 0) {
            throw new IllegalStateException("jcmd GC.run failed for " + pid());
        }
        return memoryOutsideHeapKb();
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Health(String status, int viewers, boolean capturing, String source) {
    }

    /** Sends SIGTERM and returns how long the process took to exit, in milliseconds. */
    public long terminate() throws InterruptedException {
        long start = System.nanoTime();
        // Process.destroy() would also close our end of its output, losing what it logs while shutting down
        process.toHandle().destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            return Long.MAX_VALUE;
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        pump.join(5000); // the last lines of the log
        return millis;
    }

    /** Kills the process at once (SIGKILL), as a crash or a pulled plug would end it. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    public int exitCode() {
        return process.exitValue();
    }

    /** Threads of the server process, from /proc. */
    public int threadCount() {
        return threadNames().size();
    }

    /**
     * The names of the server's threads, from /proc, less those the JVM itself starts and ends as it sees fit
     * (compiler and GC workers, and the "process reaper" that waits for a child such as xrandr and lingers idle for
     * a minute after it) and Undertow's workers (a fixed number, 8 per core, started as requests first need them):
     * a leak is one of ours or of a library's.
     */
    public List<String> threadNames() {
        List<String> names = new ArrayList<>();
        try (var tasks = Files.list(Path.of("/proc", String.valueOf(pid()), "task"))) {
            for (Path task : tasks.toList()) {
                String name;
                try {
                    name = Files.readString(task.resolve("comm")).strip();
                } catch (IOException e) {
                    continue; // ended meanwhile
                }
                if (!name.matches(
                        "C[12] CompilerThre.*|GC Thread#.*|G1 Conc#.*|G1 Refine#.*|process reaper|XNIO-\\d+ task-\\d+")) {
                    names.add(name);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    /** Open file descriptors of the server process, from /proc. */
    public int fdCount() {
        return countEntries(Path.of("/proc", String.valueOf(pid()), "fd"));
    }

    public ProcStats procStats() {
        return ProcStats.of(pid());
    }

    private static int countEntries(Path dir) {
        try (var entries = Files.list(dir)) {
            return (int) entries.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            terminate();
        }
    }
}
