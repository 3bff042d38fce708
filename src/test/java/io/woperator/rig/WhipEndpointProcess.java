package io.woperator.rig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

/**
 * A WHIP endpoint that is not ours: Eyevinn's {@code @eyevinn/whip-endpoint} from the npm registry, on loopback,
 * with its "rtmp" plugin, which receives with node-webrtc and decodes what it receives (its own restreaming of that
 * through FFmpeg writes nothing on these machines, so its output goes to /dev/null). The script that starts it also
 * watches its decoders, as a test would watch a player: the frames and sound its sinks get are counted, and the
 * latest picture is kept in a file. Its dependency on a node-webrtc build served only from GitHub is replaced by the
 * same library's build published on npm ({@code @roamhq/wrtc}). Its API key, when set, is compared with the whole
 * Authorization header, so "Bearer TOKEN" is what it is given.
 */
public final class WhipEndpointProcess implements AutoCloseable {
    private static final String PACKAGE = "@eyevinn/whip-endpoint";
    private static final String VERSION = "1.6.1";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCRIPT = """
            const fs = require('fs');
            const path = require('path');
            const [, , endpointModule, port, dir] = process.argv;
            const endpointHome = path.dirname(path.dirname(endpointModule));
            const wrtc = require(require.resolve('@koush/wrtc', { paths: [endpointHome] }));
            // the endpoint's own sinks, watched: what it decodes is counted and its latest picture kept
            const seen = { frames: 0, width: 0, height: 0, sound: 0, sampleRate: 0 };
            let picture = null;
            const { RTCVideoSink, RTCAudioSink } = wrtc.nonstandard;
            wrtc.nonstandard.RTCVideoSink = function (track) {
              const sink = new RTCVideoSink(track);
              sink.addEventListener('frame', ({ frame }) => {
                seen.frames++; seen.width = frame.width; seen.height = frame.height; picture = frame.data;
              });
              return sink;
            };
            wrtc.nonstandard.RTCAudioSink = function (track) {
              const sink = new RTCAudioSink(track);
              sink.addEventListener('data', ({ sampleRate }) => { seen.sound++; seen.sampleRate = sampleRate; });
              return sink;
            };
            setInterval(() => {
              if (picture) {
                fs.writeFileSync(path.join(dir, 'picture.yuv.new'), picture);
                fs.renameSync(path.join(dir, 'picture.yuv.new'), path.join(dir, 'picture.yuv'));
              }
              fs.writeFileSync(path.join(dir, 'seen.json.new'), JSON.stringify(seen));
              fs.renameSync(path.join(dir, 'seen.json.new'), path.join(dir, 'seen.json'));
            }, 250);
            // closing a session whose connection failed throws inside the endpoint: logged, so that it lives on
            process.on('unhandledRejection', (e) => console.log('endpoint error: ' + e));
            const { WhipEndpoint } = require(endpointModule);
            new WhipEndpoint({ port: Number(port), interfaceIp: '127.0.0.1', enabledWrtcPlugins: ['rtmp'] }).listen();
            """;

    private final Path dir;
    private final int port;
    private final String token;
    private Process node;

    private WhipEndpointProcess(Path dir, int port, String token) {
        this.dir = dir;
        this.port = port;
        this.token = token;
    }

    /** Starts one on a free port; {@code token} null for an endpoint that asks none. */
    public static WhipEndpointProcess start(String token) throws Exception {
        WhipEndpointProcess endpoint = new WhipEndpointProcess(Files.createTempDirectory("woperator-whip-"),
                WoperatorServer.freePort(), token);
        endpoint.startNode();
        return endpoint;
    }

    /** The address to publish to, with the size the endpoint expects pictures of. */
    public String url(int width, int height) throws IOException {
        String target = JSON.writeValueAsString(Map.of("rtmpUrl", "/dev/null", "resolution", width + "x" + height));
        return "http://127.0.0.1:" + port + "/api/v2/whip/rtmp?b64json="
                + Base64.getUrlEncoder().withoutPadding().encodeToString(target.getBytes(StandardCharsets.UTF_8));
    }

    /** What its decoders have had since it started: frames (and their size), 10 ms blocks of sound. */
    public record Decoded(long frames, int width, int height, long sound, int sampleRate) {
    }

    public Decoded decoded() throws IOException {
        Path seen = dir.resolve("seen.json");
        if (!Files.exists(seen)) {
            return new Decoded(0, 0, 0, 0, 0);
        }
        JsonNode json = JSON.readTree(seen.toFile());
        return new Decoded(json.get("frames").asLong(), json.get("width").asInt(), json.get("height").asInt(),
                json.get("sound").asLong(), json.get("sampleRate").asInt());
    }

    /** The latest picture it decoded, as I420. */
    public Path latestPicture() {
        return dir.resolve("picture.yuv");
    }

    /** The sessions it has now, as it lists them. */
    public JsonNode sessions() throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/api/v2/whip")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    /** Kills it at once with everything it started (its FFmpeg processes), as a crash would. */
    public void kill() throws InterruptedException {
        node.descendants().forEach(ProcessHandle::destroyForcibly);
        node.destroyForcibly().waitFor();
    }

    /** Starts it again on the same port. */
    public void restart() throws Exception {
        startNode();
    }

    private void startNode() throws Exception {
        Path module = NpmPackage.file(PACKAGE, VERSION, "dist/index.js",
                Map.of("@koush/wrtc", "npm:@roamhq/wrtc@0.10.0")).toAbsolutePath();
        Path script = Files.writeString(dir.resolve("endpoint.js"), SCRIPT);
        Path log = dir.resolve("endpoint.log");
        Files.deleteIfExists(dir.resolve("seen.json"));
        ProcessBuilder builder = new ProcessBuilder("node", script.toString(), module.toString(),
                String.valueOf(port), dir.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        if (token != null) {
            builder.environment().put("API_KEY", "Bearer " + token);
        }
        node = builder.start();
        if (!Wait.until(Duration.ofSeconds(30), () -> !node.isAlive() || logContains(log, "WHIP endpoint listening"))
                || !node.isAlive()) {
            throw new IllegalStateException("the WHIP endpoint did not start: " + Files.readString(log));
        }
    }

    private static boolean logContains(Path log, String text) {
        try {
            return Files.readString(log).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    /** What it printed, for a failing test's message. */
    public String log() throws IOException {
        return Files.readString(dir.resolve("endpoint.log"));
    }

    @Override
    public void close() throws InterruptedException {
        if (node != null && node.isAlive()) {
            kill();
        }
    }
}
