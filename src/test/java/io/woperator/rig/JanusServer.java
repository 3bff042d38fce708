package io.woperator.rig;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Janus (Debian's janus) with a minimal configuration: the VideoRoom plugin and the HTTP API on loopback, an
 * admin key for making rooms. It can be killed and started again on the same port, as a crashed Janus would be.
 */
public final class JanusServer implements AutoCloseable {

    public static final String ADMIN_KEY = "janus-admin-key-for-tests";
    private static final String LIBS = "/usr/lib/x86_64-linux-gnu/janus";

    private final Path dir;
    private final int port;
    private Process process;

    private JanusServer(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    public static JanusServer start() throws Exception {
        Path dir = Files.createTempDirectory("woperator-janus-");
        int port = WoperatorServer.freePort();
        int rtpFrom = 30000 + (int) (ProcessHandle.current().pid() % 100) * 100;
        List<String> disabled = List.of("audiobridge", "duktape", "echotest", "lua", "nosip", "recordplay", "sip",
                "streaming", "textroom", "videocall", "voicemail");
        Files.writeString(dir.resolve("janus.jcfg"), """
                general: {
                  configs_folder = "%s"
                  plugins_folder = "%s/plugins"
                  transports_folder = "%s/transports"
                  events_folder = "%s/none"
                  loggers_folder = "%s/none"
                  debug_level = 4
                  debug_colors = false
                }
                media: {
                  rtp_port_range = "%d-%d"
                }
                plugins: {
                  disable = "%s"
                }
                transports: {
                  disable = "libjanus_websockets.so,libjanus_mqtt.so,libjanus_nanomsg.so,libjanus_pfunix.so,libjanus_rabbitmq.so"
                }
                """.formatted(dir, LIBS, LIBS, dir, dir, rtpFrom, rtpFrom + 99,
                String.join(",", disabled.stream().map(p -> "libjanus_" + p + ".so").toList())));
        Files.writeString(dir.resolve("janus.transport.http.jcfg"), """
                general: {
                  json = "plain"
                  base_path = "/janus"
                  http = true
                  port = %d
                  ip = "127.0.0.1"
                  https = false
                }
                admin: {
                  admin_http = false
                }
                """.formatted(port));
        Files.writeString(dir.resolve("janus.plugin.videoroom.jcfg"), """
                general: {
                  admin_key = "%s"
                }
                """.formatted(ADMIN_KEY));
        JanusServer janus = new JanusServer(dir, port);
        janus.run();
        return janus;
    }

    /** Starts Janus (again), on the same port, and waits until its API answers. */
    public void run() throws Exception {
        Path log = dir.resolve("janus.log");
        process = new ProcessBuilder("janus", "-C", dir.resolve("janus.jcfg").toString(), "-F", dir.toString(), "-o")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        Process started = process;
        if (!Wait.until(Duration.ofSeconds(15), () -> listening(port) || !started.isAlive()) || !started.isAlive()) {
            started.destroyForcibly();
            throw new IllegalStateException("Janus did not start: " + Files.readString(log));
        }
    }

    /** Janus's HTTP API, as --janus-url takes it. */
    public String url() {
        return "http://127.0.0.1:" + port + "/janus";
    }

    public long pid() {
        return process.pid();
    }

    public String log() throws IOException {
        return Files.readString(dir.resolve("janus.log"));
    }

    /** Ends Janus at once (SIGKILL), as a crash would. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    private static boolean listening(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
