package io.woperator.config;

import io.woperator.protocol.HubMessage;
import io.woperator.protocol.Region;
import io.woperator.protocol.StreamSpec;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything the server is told at start-up, validated. Built by {@link CommandLineOptions} from flags and
 * environment variables.
 *
 * @param region          part of the screen to capture, or null for the whole screen
 * @param display         X11 display to capture, or null when there is none
 * @param webDir          serve the viewer from this directory instead of the copy inside the jar, or null
 * @param maxViewers      viewers connected at once, 0 for no limit
 * @param maxConnectionsPerAddress signaling sockets open at once from one address, 0 for no limit
 * @param resolutionScale how many times smaller than the screen the picture is sent (1: full size)
 * @param streams         the streams of {@code --stream}; empty: one stream, "desktop", from the flags above
 * @param releaseNativePeers free closed peer connections' native objects, which webrtc-java keeps (see NativePeerRelease)
 * @param stateDir        where streams made through the API are kept across restarts, or null (not kept)
 * @param fileTransfer    where uploads land and downloads come from
 * @param recording       where recordings go, and how
 * @param whip            the WHIP endpoint the first stream is published to from the start, if any
 * @param sender          the signaling hub this server registers with ({@code woperator sender}), or null
 * @param janus           the Janus that viewers' pictures fan out through ({@code --fanout janus}), or null: each
 *                        viewer gets its own connection from this server
 */
public record Settings(
        String bindAddress,
        int port,
        VideoSourceKind source,
        String display,
        Region region,
        int fps,
        double resolutionScale,
        int testPatternWidth,
        int testPatternHeight,
        VideoCodec videoCodec,
        Bitrates bitrates,
        Audio audio,
        Ice ice,
        Access access,
        Tls tls,
        int maxViewers,
        int maxConnectionsPerAddress,
        boolean simulcast,
        boolean resize,
        boolean releaseNativePeers,
        int maxMessageBytes,
        Path webDir,
        String logLevel,
        List<StreamSpec> streams,
        Path stateDir,
        FileTransfer fileTransfer,
        Recording recording,
        Whip whip,
        Sender sender,
        Janus janus) {

    /** How a stream is encoded where its description says nothing: its own frame rate is set by the stream. */
    public Encoding encoding() {
        return new Encoding(videoCodec, bitrates, fps, resolutionScale);
    }

    /** These settings, for a server that also registers with a signaling hub. */
    public Settings asSender(Sender hub) {
        return new Settings(bindAddress, port, source, display, region, fps, resolutionScale, testPatternWidth,
                testPatternHeight, videoCodec, bitrates, audio, ice, access, tls, maxViewers, maxConnectionsPerAddress,
                simulcast, resize, releaseNativePeers, maxMessageBytes, webDir, logLevel, streams, stateDir,
                fileTransfer, recording, whip, hub, janus);
    }

    /**
     * Fan-out through a Janus VideoRoom: each stream published once, viewers subscribed at Janus.
     *
     * @param api        Janus's HTTP API, e.g. http://127.0.0.1:8088/janus
     * @param room       the VideoRoom's number, made when missing
     * @param adminKey   the VideoRoom plugin's admin_key, if it asks one to make rooms, or null
     * @param roomSecret the room's secret (set on a room this server makes), or null
     * @param apiSecret  Janus's API secret, if it asks one, or null
     */
    public record Janus(URI api, long room, String adminKey, String roomSecret, String apiSecret) {

        /** From --janus-url (http:// or https://; /janus when it names no path) and the rest. */
        public static Janus of(String url, long room, String adminKey, String roomSecret, String apiSecret) {
            URI uri;
            try {
                uri = new URI(url.strip());
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("--janus-url is not a URL: " + e.getMessage());
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme();
            if (scheme.equals("ws") || scheme.equals("wss")) {
                throw new IllegalArgumentException("--janus-url: only Janus's HTTP API is spoken (http://host:8088/janus),"
                        + " not its WebSocket API");
            }
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                throw new IllegalArgumentException("--janus-url must be http:// or https:// with a host, not '" + url
                        + "'");
            }
            if (room <= 0) {
                throw new IllegalArgumentException("--janus-room must be a positive number, not " + room);
            }
            String path = uri.getPath();
            URI api = path == null || path.isEmpty() || path.equals("/") ? uri.resolve("/janus")
                    : URI.create(uri.toString().replaceAll("/+$", ""));
            return new Janus(api, room, adminKey, roomSecret, apiSecret);
        }

        @Override
        public String toString() {
            return "Janus[" + api + ", room " + room + "]"; // never the secrets
        }
    }

    /**
     * A sender's link to a signaling hub.
     *
     * @param hub    where it connects: the hub's WebSocket for senders
     * @param name   what viewers pick it by
     * @param secret what the hub asks senders to show, or null
     */
    public record Sender(URI hub, String name, String secret) {

        /** From --signaling-url (ws:// or wss://; /sender when it names no path), --name and --sender-secret. */
        public static Sender of(String signalingUrl, String name, String secret) {
            URI uri;
            try {
                uri = new URI(signalingUrl.strip());
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("--signaling-url is not a URL: " + e.getMessage());
            }
            if (uri.getScheme() == null || !(uri.getScheme().equals("ws") || uri.getScheme().equals("wss"))
                    || uri.getHost() == null) {
                throw new IllegalArgumentException("--signaling-url must be ws:// or wss:// with a host, not '"
                        + signalingUrl + "'");
            }
            String path = uri.getPath();
            return new Sender(path == null || path.isEmpty() || path.equals("/") ? uri.resolve("/sender") : uri,
                    HubMessage.checkedName(name), secret);
        }

        @Override
        public String toString() {
            return "Sender[" + name + " at " + hub + "]"; // never the secret
        }
    }

    /**
     * Publishing to a WHIP endpoint from the start ({@code --whip-url}, {@code --whip-token}).
     *
     * @param url   the endpoint, or null for none
     * @param token its bearer token, or null
     */
    public record Whip(String url, String token) {
        @Override
        public String toString() {
            return "Whip[" + url + "]"; // never the token
        }
    }

    /**
     * Recording streams to files: where, in what format, and whether every stream is recorded from the start.
     */
    public record Recording(Path folder, RecordingFormat format, boolean atStart) {
        public Recording {
            if (folder == null || format == null) {
                throw new IllegalArgumentException("a recordings folder and format are required");
            }
        }
    }

    /**
     * File transfer: viewers in control (or admins) upload into {@code uploadDir}, up to {@code maxUploadBytes}
     * a file; every viewer may download what is in {@code downloadDir}.
     */
    public record FileTransfer(Path uploadDir, Path downloadDir, long maxUploadBytes) {
        public FileTransfer {
            if (uploadDir == null || downloadDir == null) {
                throw new IllegalArgumentException("upload and download folders are required");
            }
            if (maxUploadBytes < 1) {
                throw new IllegalArgumentException("--max-upload-mb must be at least 1");
            }
        }
    }

    /** Encoder bitrates in kbit/s: libwebrtc starts low and ramps up unless told where to start. */
    public record Bitrates(int startKbps, int minKbps, int maxKbps) {
        public Bitrates {
            if (minKbps < 30 || minKbps > startKbps || startKbps > maxKbps) {
                throw new IllegalArgumentException("bitrates must satisfy 30 <= min <= start <= max (kbit/s), got min="
                        + minKbps + " start=" + startKbps + " max=" + maxKbps);
            }
        }
    }

    /**
     * Sound both ways.
     *
     * @param desktop          send the desktop's sound to viewers
     * @param device           PulseAudio source to record, {@code @DEFAULT_MONITOR@} being what the desktop plays
     * @param microphone       let viewers speak into the desktop's virtual microphone
     * @param microphoneSource name of the PulseAudio source that applications record the viewers from
     */
    public record Audio(boolean desktop, String device, boolean microphone, String microphoneSource) {
        public Audio {
            if (device == null || device.isBlank()) {
                throw new IllegalArgumentException("--audio-device must name a PulseAudio source");
            }
            if (microphoneSource == null || !microphoneSource.matches("[A-Za-z0-9_.-]+")) {
                throw new IllegalArgumentException("--microphone-source must be a PulseAudio name (letters, digits, _ . -)");
            }
        }
    }

    /**
     * How viewers reach the server through NAT and firewalls.
     *
     * @param stunUrls         STUN servers ("stun:host:port")
     * @param turnUrls         TURN servers ("turn:host:port?transport=udp", "turns:...")
     * @param turnSharedSecret when set, TURN credentials are made per viewer from it (coturn's use-auth-secret)
     * @param relayOnly        use only relayed candidates (through TURN), on both ends
     * @param minPort          lowest UDP/TCP port the server's ICE may use, 0 for any (with maxPort)
     * @param natPublicIp      the address that reaches this host from outside a 1:1 NAT, or null
     */
    public record Ice(List<String> stunUrls, List<String> turnUrls, String turnUsername, String turnPassword,
            String turnSharedSecret, boolean relayOnly, int minPort, int maxPort, String natPublicIp) {
        public Ice {
            if (natPublicIp != null && !natPublicIp.matches("[0-9.]+|[0-9a-fA-F:]+")) {
                throw new IllegalArgumentException("--nat-1to1-ip must be an IPv4 or IPv6 address");
            }
            if (minPort != 0 && (minPort < 1024 || maxPort > 65535 || minPort > maxPort)) {
                throw new IllegalArgumentException("--ice-port-range must be MIN-MAX within 1024-65535");
            }
            stunUrls = List.copyOf(stunUrls);
            turnUrls = List.copyOf(turnUrls);
            if (relayOnly && turnUrls.isEmpty()) {
                throw new IllegalArgumentException("--ice-transport-policy relay needs a TURN server (--turn)");
            }
            if (!turnUrls.isEmpty() && turnSharedSecret == null && (turnUsername == null || turnPassword == null)) {
                throw new IllegalArgumentException(
                        "a TURN server needs --turn-username and --turn-password, or --turn-shared-secret");
            }
        }
    }

    /**
     * Who may in: HTTP Basic credentials (they may drive the desktop) and/or tokens, each with its {@link Role}
     * (none of either: everyone, and everyone may drive), and the origins besides the server's own that may open
     * the WebSocket.
     */
    public record Access(String basicUser, String basicPassword, List<Token> tokens, List<String> allowedOrigins) {
        public Access {
            tokens = List.copyOf(tokens);
            allowedOrigins = List.copyOf(allowedOrigins);
            if (basicUser != null && (basicUser.isEmpty() || basicUser.contains(":"))) {
                throw new IllegalArgumentException("the Basic auth user name must be non-empty and without ':'");
            }
            if (basicUser != null && (basicPassword == null || basicPassword.isEmpty())) {
                throw new IllegalArgumentException("Basic auth needs a password");
            }
        }

        public boolean required() {
            return basicUser != null || !tokens.isEmpty();
        }
    }

    /** A secret that lets a viewer in, and what that viewer may do. */
    public record Token(String secret, Role role) {
        public Token {
            if (secret == null || secret.length() < 8) {
                throw new IllegalArgumentException("tokens must be at least 8 characters long");
            }
        }

        /** {@code SECRET} (may drive) or {@code SECRET:view|control|admin}. */
        public static Token parse(String text) {
            int colon = text.lastIndexOf(':');
            if (colon > 0 && text.substring(colon + 1).matches("(?i)view|control|admin")) {
                return new Token(text.substring(0, colon), Role.parse(text.substring(colon + 1)));
            }
            return new Token(text, Role.CONTROL);
        }

        @Override
        public String toString() {
            return "Token[" + role.wireName() + "]"; // never the secret, should a record ever be logged
        }
    }

    /**
     * HTTPS and WSS. Either PEM files given by the user, or a self-signed certificate made on first start and kept
     * in {@code stateDir}. Null in {@link Settings} when TLS is off.
     *
     * @param redirectPort a plain-HTTP port that redirects to HTTPS, or 0 for none
     */
    public record Tls(Path certFile, Path keyFile, boolean selfSigned, Path stateDir, int redirectPort) {
        public Tls {
            if (selfSigned == (certFile != null)) {
                throw new IllegalArgumentException("TLS takes either --tls-cert with --tls-key, or --tls-self-signed");
            }
            if (certFile != null && keyFile == null) {
                throw new IllegalArgumentException("--tls-cert needs --tls-key");
            }
            if (redirectPort < 0 || redirectPort > 65535) {
                throw new IllegalArgumentException("--http-redirect-port must be between 0 and 65535");
            }
        }
    }

    public Settings {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be between 1 and 65535, got " + port);
        }
        if (fps < 1 || fps > 120) {
            throw new IllegalArgumentException("fps must be between 1 and 120, got " + fps);
        }
        if (!(resolutionScale >= 1 && resolutionScale <= 8)) {
            throw new IllegalArgumentException("--resolution-scale must be between 1 and 8, got " + resolutionScale);
        }
        if (testPatternWidth < 16 || testPatternHeight < 16 || testPatternWidth > 7680 || testPatternHeight > 4320) {
            throw new IllegalArgumentException("resolution must be between 16x16 and 7680x4320");
        }
        if (source == VideoSourceKind.X11 && (display == null || display.isBlank())) {
            throw new IllegalArgumentException("--source x11 needs a display: set DISPLAY or --display");
        }
        if (maxViewers < 0) {
            throw new IllegalArgumentException("--max-viewers must be 0 (no limit) or more");
        }
        if (maxConnectionsPerAddress < 0) {
            throw new IllegalArgumentException("--max-connections-per-address must be 0 (no limit) or more");
        }
        if (tls != null && tls.redirectPort() == port) {
            throw new IllegalArgumentException("--http-redirect-port must differ from --port");
        }
        if (maxMessageBytes < 4096) {
            throw new IllegalArgumentException("max message size must be at least 4096 bytes");
        }
        streams = List.copyOf(streams);
        if (streams.stream().map(StreamSpec::id).distinct().count() != streams.size()) {
            throw new IllegalArgumentException("two --stream options have the same id");
        }
    }

    /**
     * The stream served when there is no {@code --stream}: "desktop", the X11 screen (or a region of it) with the
     * desktop's sound, or the test pattern when {@code source} says so or there is no display.
     */
    public StreamSpec defaultStream(VideoSourceKind kind) {
        String sound = audio.desktop() ? audio.device() : null;
        if (kind == VideoSourceKind.X11) {
            return new StreamSpec("desktop", "Desktop " + display, new StreamSpec.Source("x11", display,
                    region == null ? null : region.toString(), null, null, fps, null, sound));
        }
        return new StreamSpec("desktop", "Test pattern", new StreamSpec.Source("test-pattern", null, null, null,
                testPatternWidth + "x" + testPatternHeight, fps, null, sound));
    }

    /** The source actually used: AUTO resolves to X11 when a display is known. */
    public VideoSourceKind effectiveSource() {
        if (source == VideoSourceKind.AUTO) {
            return display == null || display.isBlank() ? VideoSourceKind.TEST_PATTERN : VideoSourceKind.X11;
        }
        return source;
    }
}
