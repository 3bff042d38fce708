package io.woperator.config;

import io.woperator.protocol.Region;
import io.woperator.protocol.StreamSpec;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** The command line of {@code java -jar woperator.jar}; every flag also reads WOPERATOR_* (see --help). */
@Command(name = "woperator", mixinStandardHelpOptions = true, versionProvider = CommandLineOptions.Version.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = "Streams this machine's X11 desktop to any browser over WebRTC.",
        footer = {"", "Every option can also be set by an environment variable: --video-codec by WOPERATOR_VIDEO_CODEC,",
                "and so on. PORT, LOG_LEVEL, RESOLUTION, DISPLAY, STUN_SERVER and TURN_SERVER, TURN_HOST,",
                "TURN_PORT, TURN_PROTOCOL, TURN_TLS, TURN_USERNAME, TURN_PASSWORD, TURN_SHARED_SECRET are accepted too.",
                "Run with MALLOC_ARENA_MAX=2 (the launcher and the Docker image do) to keep native memory small."})
public final class CommandLineOptions {

    private static final Pattern RESOLUTION = Pattern.compile("(\\d+)x(\\d+)(?:@(\\d+)(?:fps)?)?");

    @Option(names = "--port", defaultValue = "8000", description = "HTTP and WebSocket port (default: ${DEFAULT-VALUE}).")
    int port;

    @Mixin
    final ServingOptions serving = new ServingOptions();

    @Option(names = "--source", defaultValue = "auto",
            description = "Video source: auto (the X11 screen when DISPLAY is set, else the test pattern), x11, test-pattern.")
    String source;

    @Option(names = "--display", description = "X11 display to capture (default: $DISPLAY).")
    String display;

    @Option(names = "--region", description = "Capture only this part of the screen, WIDTHxHEIGHT+X+Y.")
    String region;

    @Option(names = "--fps", description = "Frames per second to capture and send (default: 30, or the @N of --resolution).")
    Integer fps;

    @Option(names = "--resolution-scale", defaultValue = "1",
            description = "Send the picture this many times smaller than the screen, 1 to 8 (default: ${DEFAULT-VALUE}); "
                    + "each viewer can change it in its settings.")
    double resolutionScale;

    @Option(names = "--resolution", defaultValue = "1280x720",
            description = "Size of the test pattern, WIDTHxHEIGHT[@Nfps] (default: ${DEFAULT-VALUE}).")
    String resolution;

    @Option(names = "--video-codec", defaultValue = "vp8", description = "vp8, vp9, h264 or av1 (default: ${DEFAULT-VALUE}).")
    String videoCodec;

    @Option(names = "--start-bitrate", defaultValue = "4000", description = "Encoder start bitrate, kbit/s (default: ${DEFAULT-VALUE}).")
    int startBitrate;

    @Option(names = "--min-bitrate", defaultValue = "500", description = "Encoder minimum bitrate, kbit/s (default: ${DEFAULT-VALUE}).")
    int minBitrate;

    @Option(names = "--max-bitrate", defaultValue = "12000", description = "Encoder maximum bitrate, kbit/s (default: ${DEFAULT-VALUE}).")
    int maxBitrate;

    @Option(names = "--audio", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Send the desktop's sound to viewers (--no-audio turns it off).")
    boolean audio;

    @Option(names = "--audio-device", defaultValue = "@DEFAULT_MONITOR@",
            description = "PulseAudio source to send (default: ${DEFAULT-VALUE}, what the desktop plays). PULSE_SERVER is honoured.")
    String audioDevice;

    @Option(names = "--microphone", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Let viewers talk into the desktop (--no-microphone turns it off).")
    boolean microphone;

    @Option(names = "--microphone-source", defaultValue = "woperator_mic",
            description = "PulseAudio source, created at start, that applications record the viewers' microphones from (default: ${DEFAULT-VALUE}).")
    String microphoneSource;

    @Option(names = "--stun", split = ",", description = "STUN servers, comma-separated (stun:host:port or host:port).")
    List<String> stun = new ArrayList<>();

    @Option(names = "--turn", description = "TURN server: turn:host:port?transport=udp, turns:..., or host:port.")
    String turn;

    @Option(names = "--turn-host", description = "TURN server host, when --turn is not given.")
    String turnHost;

    @Option(names = "--turn-port", defaultValue = "3478", description = "TURN server port (default: ${DEFAULT-VALUE}).")
    int turnPort;

    @Option(names = "--turn-protocol", defaultValue = "udp", description = "udp or tcp (default: ${DEFAULT-VALUE}).")
    String turnProtocol;

    @Option(names = "--turn-tls", defaultValue = "false", arity = "0..1", description = "TURN over TLS (turns:).")
    boolean turnTls;

    @Option(names = "--turn-username", description = "TURN username (or use --turn-shared-secret).")
    String turnUsername;

    @Option(names = "--turn-password", description = "TURN password.")
    String turnPassword;

    @Option(names = "--turn-shared-secret",
            description = "Make time-limited TURN credentials per viewer from this secret (coturn's use-auth-secret).")
    String turnSharedSecret;

    @Option(names = "--ice-port-range",
            description = "Ports the server's media may use, MIN-MAX (for firewalls and published container ports).")
    String icePortRange;

    @Option(names = "--nat-1to1-ip",
            description = "The address browsers reach this host at, behind a 1:1 NAT (a container, a cloud VM).")
    String natPublicIp;

    @Option(names = "--ice-transport-policy", defaultValue = "all",
            description = "all, or relay to send media only through TURN (default: ${DEFAULT-VALUE}).")
    String iceTransportPolicy;

    @Option(names = "--basic-auth", description = "Ask for HTTP Basic credentials, user:password (also the selkies "
            + "variables ENABLE_BASIC_AUTH, BASIC_AUTH_USER, BASIC_AUTH_PASSWORD).")
    String basicAuth;

    @Option(names = "--token", split = ",", description = "Tokens that let a viewer in, comma-separated, each "
            + "SECRET or SECRET:ROLE, ROLE being view (watch only), control (may drive; the default) or admin (takes "
            + "and hands out control): http://host:8000/?token=SECRET, or Authorization: Bearer SECRET.")
    List<String> tokens = new ArrayList<>();

    @Option(names = "--max-viewers", defaultValue = "20",
            description = "Viewers connected at once, each with an encoder of its own; one more is turned away "
            + "(default: 20; 0: no limit).")
    int maxViewers;

    @Option(names = "--max-connections-per-address", defaultValue = "32",
            description = "Signaling sockets open at once from one IP address; more are turned away (default: 32; "
            + "0: no limit, as behind a reverse proxy, where every viewer comes from the proxy's address).")
    int maxConnectionsPerAddress;

    @Option(names = "--tls-cert", description = "Serve HTTPS and WSS with this certificate (PEM, chain allowed).")
    Path tlsCert;

    @Option(names = "--tls-key", description = "The private key of --tls-cert (PEM: PKCS#8, PKCS#1 RSA or EC).")
    Path tlsKey;

    @Option(names = "--tls-self-signed", defaultValue = "false", arity = "0..1",
            description = "Serve HTTPS with a self-signed certificate, made on first start and kept in --state-dir; "
                    + "its SHA-256 fingerprint is logged.")
    boolean tlsSelfSigned;

    @Option(names = "--http-redirect-port", defaultValue = "-1",
            description = "With TLS, a plain-HTTP port that redirects browsers to HTTPS (default: 80 when --port is "
                    + "443, else none; 0 for none).")
    int httpRedirectPort;

    @Option(names = "--state-dir", description = "Where the server keeps what it makes: the self-signed "
            + "certificate (default: $XDG_DATA_HOME/woperator or ~/.local/share/woperator) and, only when this is "
            + "given, the streams made through the API, across restarts.")
    Path stateDir;

    @Option(names = "--upload-dir", description = "Where files viewers upload land (default: ~/Desktop, or "
            + "~/Downloads when there is no Desktop folder; made if missing).")
    Path uploadDir;

    @Option(names = "--download-dir", description = "Files put here are listed in the viewer to download "
            + "(default: ~/Downloads).")
    Path downloadDir;

    @Option(names = "--max-upload-mb", defaultValue = "500",
            description = "Largest file a viewer may upload, in MB (default: ${DEFAULT-VALUE}).")
    long maxUploadMb;

    @Option(names = "--record", defaultValue = "false", arity = "0..1",
            description = "Record every stream from the start, into --recordings-dir (recordings also start and stop "
                    + "through the streams API and the viewer's record button, for admins).")
    boolean record;

    @Option(names = "--recordings-dir", description = "Where recordings are written (default: ~/Videos; made if "
            + "missing).")
    Path recordingsDir;

    @Option(names = "--recording-format", defaultValue = "mp4",
            description = "mp4 (H.264 and AAC, written in fragments: a file cut short still plays) or webm (VP8 and "
                    + "Opus) (default: ${DEFAULT-VALUE}).")
    String recordingFormat;

    @Option(names = "--whip-url", description = "Publish the first stream to this WHIP endpoint (RFC 9725) from the "
            + "start, reconnecting when it drops (streams are also published through the streams API).")
    String whipUrl;

    @Option(names = "--whip-token", description = "Bearer token for --whip-url, if the endpoint asks one.")
    String whipToken;

    @Option(names = "--signaling-url", defaultValue = "ws://localhost:8765",
            description = "woperator sender: the signaling hub to register with (SIGNALING_URL; default: "
                    + "${DEFAULT-VALUE}).")
    String signalingUrl;

    @Option(names = "--name", description = "woperator sender: the name viewers pick this desktop by on the hub "
            + "(default: this machine's host name).")
    String senderName;

    @Option(names = "--sender-secret", description = "woperator sender: the secret the hub asks senders to show.")
    String senderSecret;

    @Option(names = "--stream", split = ";", splitSynopsisLabel = ";",
            description = "A stream to serve, repeatable (or several in WOPERATOR_STREAMS, separated by ';'): "
                    + "id=cam1,kind=v4l2,device=/dev/video0,size=1280x720,fps=30 (kinds: x11, v4l2, test-pattern, "
                    + "pulse; keys: id, description, kind, display, region, device, size, fps, format, audio). "
                    + "Without it: one stream, 'desktop', from --source.")
    List<String> streams = new ArrayList<>();

    @Option(names = "--allowed-origins", split = ",",
            description = "Other origins whose pages may open the WebSocket (default: the server's own only).")
    List<String> allowedOrigins = new ArrayList<>();

    @Option(names = "--simulcast", defaultValue = "false", arity = "0..1",
            description = "With --fanout janus: publish the picture in three sizes (full, half, quarter), so that each "
                    + "viewer gets the one it asks for or its network allows. Direct viewers get one, adapted to them.")
    boolean simulcast;

    @Option(names = "--fanout", defaultValue = "direct",
            description = "direct (each viewer its own connection and encoder) or janus (each stream encoded once, "
                    + "published to a Janus VideoRoom, and viewers subscribed there; needs --janus-url) (default: "
                    + "${DEFAULT-VALUE}).")
    String fanout;

    @Option(names = "--janus-url", description = "Janus's HTTP API, for --fanout janus: http://127.0.0.1:8088/janus.")
    String janusUrl;

    @Option(names = "--janus-room", defaultValue = "1234",
            description = "The Janus VideoRoom streams are published in, made if missing (default: ${DEFAULT-VALUE}).")
    long janusRoom;

    @Option(names = "--janus-admin-key", description = "The VideoRoom plugin's admin_key, if it asks one to make rooms.")
    String janusAdminKey;

    @Option(names = "--janus-room-secret", description = "The room's secret: set on a room this server makes.")
    String janusRoomSecret;

    @Option(names = "--janus-api-secret", description = "Janus's API secret, if it asks one.")
    String janusApiSecret;

    @Option(names = "--resize", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Make the X screen the size of the viewer's window, through RandR (--no-resize keeps it).")
    boolean resize;

    @Option(names = "--release-native-peers", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Free each closed peer connection's native memory, which webrtc-java 0.14 keeps "
                    + "(--no-release-native-peers keeps it, should the release ever misbehave).")
    boolean releaseNativePeers;

    @Option(names = "--max-message-size", defaultValue = "65536",
            description = "Largest signaling message accepted, bytes (default: ${DEFAULT-VALUE}).")
    int maxMessageBytes;

    /** Parses flags over the given environment; prints help, version or the error to the writers. */
    public static Parsed<Settings> parse(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err) {
        // "woperator sender ...": the same server, registered with a signaling hub
        boolean sender = args.length > 0 && args[0].equals("sender");
        return Parsed.parse(sender ? "sender" : "", new CommandLineOptions(), options -> sender
                ? options.toSettings(env).asSender(options.sender(env)) : options.toSettings(env),
                sender ? Arrays.copyOfRange(args, 1, args.length) : args, env, out, err);
    }

    Settings toSettings(Map<String, String> env) {
        Matcher size = RESOLUTION.matcher(resolution.trim());
        if (!size.matches()) {
            throw new IllegalArgumentException("resolution '" + resolution + "' is not of the form 1920x1080 or 1920x1080@30fps");
        }
        int resolutionFps = size.group(3) == null ? 30 : Integer.parseInt(size.group(3));
        return new Settings(
                serving.bindAddress,
                port,
                VideoSourceKind.parse(source),
                blankToNull(display),
                region == null || region.isBlank() ? null : Region.parse(region),
                Optional.ofNullable(fps).orElse(resolutionFps),
                resolutionScale,
                Integer.parseInt(size.group(1)),
                Integer.parseInt(size.group(2)),
                VideoCodec.parse(videoCodec),
                new Settings.Bitrates(startBitrate, minBitrate, maxBitrate),
                new Settings.Audio(audio, audioDevice, microphone, microphoneSource),
                ice(),
                access(env),
                tls(env),
                maxViewers,
                maxConnectionsPerAddress,
                simulcast,
                resize,
                releaseNativePeers,
                maxMessageBytes,
                serving.webDir,
                serving.logLevel,
                streams.stream().filter(s -> !s.isBlank()).map(StreamSpec::parse).toList(),
                stateDir,
                fileTransfer(),
                new Settings.Recording(recordingsDir != null ? recordingsDir
                        : Path.of(System.getProperty("user.home"), "Videos"), RecordingFormat.parse(recordingFormat),
                        record),
                new Settings.Whip(blankToNull(whipUrl), blankToNull(whipToken)),
                null,
                janus());
    }

    private Settings.Janus janus() {
        switch (fanout.strip().toLowerCase(Locale.ROOT)) {
            case "direct":
                return null;
            case "janus":
                if (blankToNull(janusUrl) == null) {
                    throw new IllegalArgumentException("--fanout janus needs --janus-url (Janus's HTTP API)");
                }
                return Settings.Janus.of(janusUrl, janusRoom, blankToNull(janusAdminKey), blankToNull(janusRoomSecret),
                        blankToNull(janusApiSecret));
            default:
                throw new IllegalArgumentException("--fanout must be direct or janus, not '" + fanout + "'");
        }
    }

    private Settings.Sender sender(Map<String, String> env) {
        String name = blankToNull(senderName);
        if (name == null) {
            name = blankToNull(env.get("HOSTNAME"));
        }
        if (name == null) {
            try {
                name = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                name = "desktop";
            }
        }
        return Settings.Sender.of(signalingUrl, name, blankToNull(senderSecret));
    }

    private Settings.Access access(Map<String, String> env) {
        String pair = blankToNull(basicAuth);
        if (pair == null && "true".equalsIgnoreCase(env.getOrDefault("ENABLE_BASIC_AUTH", "").trim())) {
            pair = env.getOrDefault("BASIC_AUTH_USER", "user") + ":" + env.getOrDefault("BASIC_AUTH_PASSWORD", "");
        }
        String user = null;
        String password = null;
        if (pair != null) {
            int colon = pair.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("--basic-auth takes user:password");
            }
            user = pair.substring(0, colon);
            password = pair.substring(colon + 1);
        }
        return new Settings.Access(user, password,
                tokens.stream().map(String::trim).filter(t -> !t.isEmpty()).map(Settings.Token::parse).toList(),
                allowedOrigins.stream().map(String::trim).filter(o -> !o.isEmpty()).toList());
    }

    private Settings.Tls tls(Map<String, String> env) {
        if (tlsCert == null && tlsKey == null && !tlsSelfSigned) {
            return null;
        }
        if (tlsKey != null && tlsCert == null) {
            throw new IllegalArgumentException("--tls-key needs --tls-cert");
        }
        int redirect = httpRedirectPort >= 0 ? httpRedirectPort : port == 443 ? 80 : 0;
        return new Settings.Tls(tlsCert, tlsKey, tlsSelfSigned, stateDir != null ? stateDir : defaultStateDir(env),
                redirect);
    }

    private Settings.FileTransfer fileTransfer() {
        if (maxUploadMb < 1 || maxUploadMb > 1_000_000) {
            throw new IllegalArgumentException("--max-upload-mb must be 1 to 1000000");
        }
        Path home = Path.of(System.getProperty("user.home"));
        Path upload = uploadDir != null ? uploadDir
                : Files.isDirectory(home.resolve("Desktop")) || !Files.isDirectory(
                        home.resolve("Downloads")) ? home.resolve("Desktop") : home.resolve("Downloads");
        return new Settings.FileTransfer(upload, downloadDir != null ? downloadDir : home.resolve("Downloads"),
                maxUploadMb * 1024 * 1024);
    }

    private static Path defaultStateDir(Map<String, String> env) {
        String data = blankToNull(env.get("XDG_DATA_HOME"));
        if (data == null) {
            return Path.of(System.getProperty("user.home"), ".local", "share", "woperator");
        }
        return Path.of(data, "woperator");
    }

    private Settings.Ice ice() {
        List<String> stunUrls = stun.stream().map(String::trim).filter(u -> !u.isEmpty())
                .map(u -> u.startsWith("stun:") || u.startsWith("stuns:") ? u : "stun:" + u).toList();
        String protocol = turnProtocol.trim().toLowerCase(Locale.ROOT);
        if (!protocol.equals("udp") && !protocol.equals("tcp")) {
            throw new IllegalArgumentException("--turn-protocol must be udp or tcp, not '" + turnProtocol + "'");
        }
        String turnUrl = blankToNull(turn);
        if (turnUrl == null && blankToNull(turnHost) != null) {
            turnUrl = turnHost.trim() + ":" + turnPort;
        }
        if (turnUrl != null && !turnUrl.startsWith("turn:") && !turnUrl.startsWith("turns:")) {
            turnUrl = (turnTls ? "turns:" : "turn:") + turnUrl + "?transport=" + protocol;
        }
        String policy = iceTransportPolicy.trim().toLowerCase(Locale.ROOT);
        if (!policy.equals("all") && !policy.equals("relay")) {
            throw new IllegalArgumentException("--ice-transport-policy must be all or relay");
        }
        int[] ports = {0, 0};
        if (blankToNull(icePortRange) != null) {
            Matcher range = Pattern.compile("(\\d{1,5})-(\\d{1,5})").matcher(icePortRange.trim());
            if (!range.matches()) {
                throw new IllegalArgumentException("--ice-port-range must be MIN-MAX, e.g. 50000-50100");
            }
            ports = new int[] {Integer.parseInt(range.group(1)), Integer.parseInt(range.group(2))};
        }
        return new Settings.Ice(stunUrls, turnUrl == null ? List.of() : List.of(turnUrl), blankToNull(turnUsername),
                blankToNull(turnPassword), blankToNull(turnSharedSecret), policy.equals("relay"), ports[0], ports[1],
                blankToNull(natPublicIp));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = CommandLineOptions.class.getPackage().getImplementationVersion();
            return new String[] {"woperator " + (version == null ? "dev" : version)};
        }
    }
}
