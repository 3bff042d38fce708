package io.woperator.rig;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** A real coturn on loopback with the TURN REST scheme (use-auth-secret), UDP and TCP on one port. */
public final class CoturnServer implements AutoCloseable {
    private final Process process;
    private final int port;

    private CoturnServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static CoturnServer start(String sharedSecret) throws Exception {
        int port = WoperatorServer.freePort();
        Path dir = Files.createTempDirectory("woperator-coturn-");
        int relayFrom = 40000 + (int) (ProcessHandle.current().pid() % 200) * 50;
        Process process = new ProcessBuilder("turnserver", "-n", "--listening-ip=127.0.0.1", "--relay-ip=127.0.0.1",
                "--listening-port=" + port, "--min-port=" + relayFrom, "--max-port=" + (relayFrom + 49),
                "--use-auth-secret", "--static-auth-secret=" + sharedSecret, "--realm=woperator.test",
                "--no-tls", "--no-dtls", "--allow-loopback-peers", "--no-cli", "--simple-log",
                "--log-file=" + dir.resolve("turn.log"), "--pidfile=" + dir.resolve("turn.pid"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("out.log").toFile()).start();
        if (!Wait.until(Duration.ofSeconds(10), () -> listening(port) || !process.isAlive()) || !process.isAlive()) {
            process.destroyForcibly();
            throw new IllegalStateException("coturn did not start: " + Files.readString(dir.resolve("out.log")));
        }
        return new CoturnServer(process, port);
    }

    private static boolean listening(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public String url(String transport) {
        return "turn:127.0.0.1:" + port + "?transport=" + transport;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
