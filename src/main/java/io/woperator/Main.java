package io.woperator;

import io.woperator.access.UploadPermits;
import io.woperator.api.StreamsApi;
import io.woperator.api.StreamsApiSocket;
import io.woperator.api.StreamsHttpApi;
import io.woperator.capture.CaptureException;
import io.woperator.capture.FrameSources;
import io.woperator.config.CommandLineOptions;
import io.woperator.config.Encoding;
import io.woperator.config.HubCommandLine;
import io.woperator.config.HubSettings;
import io.woperator.config.Parsed;
import io.woperator.config.Settings;
import io.woperator.config.WebCommandLine;
import io.woperator.desktop.MicrophoneStream;
import io.woperator.desktop.VirtualMicrophone;
import io.woperator.files.FilesHandler;
import io.woperator.http.HealthReport;
import io.woperator.http.HttpServer;
import io.woperator.http.HubHttpServer;
import io.woperator.http.ServerMetrics;
import io.woperator.http.TlsCertificate;
import io.woperator.http.WebPageServer;
import io.woperator.hub.HubLink;
import io.woperator.hub.SignalingHub;
import io.woperator.janus.JanusFanouts;
import io.woperator.platform.DaemonThreads;
import io.woperator.platform.LogBudget;
import io.woperator.platform.Logging;
import io.woperator.platform.ProcessExit;
import io.woperator.platform.SystemLibraries;
import io.woperator.protocol.StreamInfo;
import io.woperator.protocol.StreamsApiMessage;
import io.woperator.protocol.ViewerMessage;
import io.woperator.recording.Recordings;
import io.woperator.rtc.RemoteAudioOutput;
import io.woperator.rtc.RtcEngine;
import io.woperator.signaling.MessageCodec;
import io.woperator.signaling.SessionContext;
import io.woperator.signaling.SignalingEndpoint;
import io.woperator.signaling.ViewerSessions;
import io.woperator.stream.StreamException;
import io.woperator.stream.StreamRegistry;
import io.woperator.stream.StreamStore;
import io.woperator.stream.ViewerPeers;
import io.woperator.whep.WhepEndpoint;
import io.woperator.whip.WhipPublishing;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires the parts together and owns their shutdown; nothing else. */
public final class Main {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    /**
     * The process ends here before it runs: after --help or a bad flag, or a start that failed (said in the log, and
     * what was made closed). The one way out besides a stop once running.
     */
    private static final class ExitBeforeRunning extends Exception {
        private final int status;

        ExitBeforeRunning(int status) {
            super(null, null, false, false);
            this.status = status;
        }
    }

    public static void main(String[] args) {
        try {
            if (args.length > 0 && args[0].equals("signaling")) {
                runHub(Arrays.copyOfRange(args, 1, args.length));
            } else if (args.length > 0 && args[0].equals("web")) {
                runWeb(Arrays.copyOfRange(args, 1, args.length));
            } else {
                runServer(args);
            }
        } catch (ExitBeforeRunning e) {
            ProcessExit.now(e.status);
        }
    }

    /** The settings to run with, or the way out after help, the version or a bad flag (said by the parser). */
    private static <T> T settingsOrExit(Parsed<T> outcome) throws ExitBeforeRunning {
        if (outcome instanceof Parsed.Exit<T> exit) {
            throw new ExitBeforeRunning(exit.code());
        }
        return ((Parsed.Run<T>) outcome).settings();
    }

    private static void logLevelOrExit(String level, String command) throws ExitBeforeRunning {
        try {
            Logging.setLevel(level);
        } catch (IllegalArgumentException e) {
            System.err.println(command + ": " + e.getMessage());
            throw new ExitBeforeRunning(2);
        }
    }

    /** The server: streams its desktop (or cameras) to viewers. */
    private static void runServer(String[] args) throws ExitBeforeRunning {
        Settings settings = settingsOrExit(CommandLineOptions.parse(args, System.getenv(),
                new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
        logLevelOrExit(settings.logLevel(), "woperator");
        List<String> missing = SystemLibraries.missing();
        if (!missing.isEmpty()) {
            LOG.error(SystemLibraries.explain(missing));
            throw new ExitBeforeRunning(3);
        }
        run(settings);
    }

    /** woperator signaling: the hub senders register with; no capture, no WebRTC. */
    private static void runHub(String[] args) throws ExitBeforeRunning {
        HubSettings settings = settingsOrExit(HubCommandLine.parse(args, System.getenv(),
                new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
        logLevelOrExit(settings.logLevel(), "woperator signaling");
        Lifecycle lifecycle = new Lifecycle();
        ScheduledThreadPoolExecutor timer = timer(lifecycle);
        SignalingHub hub = new SignalingHub(settings, timer);
        HubHttpServer http = new HubHttpServer(settings, hub.senders(), hub.viewers(), hub::health);
        try {
            http.start();
        } catch (RuntimeException e) {
            LOG.error("Cannot listen on {}:{}: {} (is another server using the port? choose one with --port)",
                    settings.bindAddress(), settings.port(), e.getCause() != null ? e.getCause().getMessage()
                            : e.getMessage());
            lifecycle.close();
            throw new ExitBeforeRunning(1);
        }
        lifecycle.onClose("HTTP server", http::close);
        LOG.info("Signaling hub on port {}: senders register at /sender{}, viewers come to /ws{}", settings.port(),
                settings.senderSecret() == null ? " (from this machine only: no --sender-secret)" : "",
                settings.web() ? " and the page at /" : "");
        Runtime.getRuntime().addShutdownHook(new Thread(lifecycle::close, "woperator-shutdown"));
    }

    /** woperator web: the viewer's page alone, pointed at a signaling hub. */
    private static void runWeb(String[] args) throws ExitBeforeRunning {
        WebCommandLine.WebSettings settings = settingsOrExit(WebCommandLine.parse(args, System.getenv(),
                new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
        WebPageServer http;
        try {
            Logging.setLevel(settings.logLevel());
            http = new WebPageServer(settings);
            http.start();
        } catch (IOException | RuntimeException e) {
            LOG.error("Cannot serve the page on {}:{}: {}", settings.bindAddress(), settings.port(),
                    e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
            throw new ExitBeforeRunning(1);
        }
        LOG.info("Serving the viewer's page on port {}; its browsers open desktops through the hub at {}",
                settings.port(), settings.signalingUrl());
        Runtime.getRuntime().addShutdownHook(new Thread(http::close, "woperator-shutdown"));
    }

    private static void run(Settings settings) throws ExitBeforeRunning {
        Lifecycle lifecycle = new Lifecycle();
        RtcEngine rtc = new RtcEngine(settings);
        lifecycle.onClose("WebRTC engine", rtc::close);
        ExecutorService signalingPool = namedPool("woperator-signaling", 2);
        lifecycle.onClose("signaling threads", () -> {
            signalingPool.shutdown();
            signalingPool.awaitTermination(500, TimeUnit.MILLISECONDS);
        });
        ExecutorService apiWorker = namedPool("woperator-streams-api", 1);
        lifecycle.onClose("streams API thread", apiWorker::shutdownNow);
        ScheduledThreadPoolExecutor timer = timer(lifecycle);
        StreamStore store = settings.stateDir() == null ? null : new StreamStore(settings.stateDir());
        StreamRegistry streams = new StreamRegistry(new StreamRegistry.Defaults(settings.display(), settings.encoding(),
                settings.resize(), settings.maxViewers()), rtc, store, timer);
        lifecycle.onClose("streams", streams::close);
        try {
            streams.openAtStart(settings.streams().isEmpty()
                    ? List.of(settings.defaultStream(FrameSources.choose(settings))) : settings.streams(),
                    store == null ? List.of() : store.load());
        } catch (StreamException e) {
            LOG.error("Cannot make the stream: {}", e.getMessage());
            lifecycle.close();
            throw new ExitBeforeRunning(2);
        }
        streams.sampleEverySecond();
        Recordings recordings = new Recordings(settings.recording().folder(), settings.recording().format(),
                Clock.systemUTC());
        lifecycle.onClose("recordings", recordings::close);
        // a viewer's quality starts from the same encoding the streams were made with (each at its own fps)
        Encoding encoding = settings.encoding();
        ViewerMessage.Quality quality = new ViewerMessage.Quality(encoding.codec().name().toLowerCase(Locale.ROOT),
                encoding.bitrates().maxKbps(), encoding.fps(), encoding.scale());
        UploadPermits uploads = new UploadPermits();
        JanusFanouts janus = settings.janus() == null ? null : new JanusFanouts(settings, rtc, Clock.systemUTC());
        SessionContext sessions = new SessionContext(rtc, signalingPool, new MessageCodec(), microphones(settings),
                settings.ice().natPublicIp(), timer, quality, uploads,
                new LogBudget(LoggerFactory.getLogger(SignalingEndpoint.class), "bad messages from viewers", 30),
                janus == null ? ViewerPeers.direct(rtc) : janus);
        WhipPublishing publishing = new WhipPublishing(rtc, Clock.systemUTC());
        StreamsApi api = new StreamsApi(streams, recordings, publishing);
        ViewerSessions viewerSessions = new ViewerSessions(settings, sessions, streams);
        if (settings.recording().atStart()) {
            recordEveryStream(api);
        }
        StreamsHttpApi apiDoor = new StreamsHttpApi(api, settings.access().required(), settings.maxMessageBytes(),
                apiWorker, new StreamsApiSocket(api, apiWorker, settings.maxMessageBytes()));
        WhepEndpoint whep = new WhepEndpoint(streams, rtc, settings.access().allowedOrigins(),
                settings.maxMessageBytes(), timer);
        lifecycle.onClose("WHEP players", whep::close);
        ServerMetrics metrics = new ServerMetrics(streams, rtc);
        api.registerMeters(metrics.registry());
        publishing.registerMeters(metrics.registry());
        if (janus != null) {
            janus.registerMeters(metrics.registry());
        }
        HttpServer http;
        try {
            http = new HttpServer(settings, tlsCertificate(settings),
                    new SignalingEndpoint(settings, sessions, viewerSessions),
                    Map.of(StreamsHttpApi.PATH, apiDoor, StreamsHttpApi.RECORDINGS_PATH, apiDoor,
                            FilesHandler.PATH, new FilesHandler(settings.fileTransfer(), uploads),
                            WhepEndpoint.PATH, whep),
                    () -> HealthReport.of(streams), metrics);
            http.start();
        } catch (IOException e) {
            LOG.error("Cannot serve HTTPS: {}", e.getMessage());
            lifecycle.close();
            throw new ExitBeforeRunning(2);
        } catch (RuntimeException e) {
            LOG.error("Cannot listen on {}:{}: {} (is another server using the port? choose one with --port)",
                    settings.bindAddress(), settings.port(), e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
            lifecycle.close();
            throw new ExitBeforeRunning(1);
        }
        lifecycle.onClose("HTTP server", http::close);
        lifecycle.onClose("viewers", () -> streams.letEveryoneGo("the server is shutting down"));
        // closed before the viewers are let go: each session ends with a DELETE, and none is begun anew
        lifecycle.onClose("WHIP publishing", publishing::close);
        if (janus != null) {
            lifecycle.onClose("Janus fan-out", janus::close);
        }
        if (settings.whip().url() != null) {
            publishFirstStream(api, settings.whip());
        }
        if (settings.sender() != null) {
            HubLink link = new HubLink(settings.sender().hub(), settings.sender().name(), settings.sender().secret(),
                    viewerSessions, timer);
            lifecycle.onClose("signaling hub link", link::close);
            link.start();
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            long start = System.nanoTime();
            LOG.info("Shutting down");
            lifecycle.close();
            LOG.info("Stopped in {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            // a stop asked for (Ctrl+C, SIGTERM, docker stop) that closed everything is a clean one
            ProcessExit.now(0);
        }, "woperator-shutdown"));
    }

    /** --record: every stream recorded from the start; one that cannot be is said so, and streams all the same. */
    private static void recordEveryStream(StreamsApi api) {
        for (StreamInfo stream : api.streams().list()) {
            try {
                api.handle(new StreamsApiMessage.StartRecording(new StreamsApiMessage.RecordingRef(stream.id(), null)));
            } catch (StreamException e) {
                LOG.error("Cannot record stream {}: {}", stream.id(), e.getMessage());
            }
        }
    }

    /** --whip-url: the first stream published from the start; an address that cannot be is said so. */
    private static void publishFirstStream(StreamsApi api, Settings.Whip whip) {
        StreamInfo first = api.streams().list().get(0);
        try {
            api.handle(new StreamsApiMessage.StartPublishing(new StreamsApiMessage.PublishingTarget(first.id(),
                    whip.url(), whip.token())));
        } catch (StreamException e) {
            LOG.error("Cannot publish stream {} (--whip-url): {}", first.id(), e.getMessage());
        }
    }

    /** The certificate to serve HTTPS with, or null without TLS; its fingerprint is logged for checking by eye. */
    private static TlsCertificate tlsCertificate(Settings settings) throws IOException {
        if (settings.tls() == null) {
            return null;
        }
        TlsCertificate certificate = TlsCertificate.load(settings.tls());
        LOG.info("TLS certificate {}{}, valid until {}, SHA-256 fingerprint {}", certificate.certFile(),
                settings.tls().selfSigned() ? " (self-signed: browsers ask to accept it once)" : "",
                certificate.notAfter(), certificate.fingerprint());
        return certificate;
    }

    /** Viewers' microphones go into a PulseAudio virtual microphone, created now if PulseAudio is there. */
    private static RemoteAudioOutput.Opener microphones(Settings settings) {
        VirtualMicrophone microphone = new VirtualMicrophone(settings.audio().microphoneSource());
        if (settings.audio().microphone()) {
            try {
                microphone.ensure();
            } catch (CaptureException e) {
                LOG.warn("No virtual microphone yet ({}); trying again when a viewer turns one on", e.getMessage());
            }
        }
        return viewerId -> {
            MicrophoneStream stream = microphone.open(viewerId);
            return new RemoteAudioOutput() {
                @Override
                public void write(byte[] pcm, int sampleRate, int channels, int frames) {
                    stream.write(pcm, sampleRate, channels, frames);
                }

                @Override
                public void close() {
                    stream.close();
                }
            };
        };
    }

    /** The one thread for timed work (watchdogs, retries, throttled news). */
    private static ScheduledThreadPoolExecutor timer(Lifecycle lifecycle) {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "woperator-timer");
            thread.setDaemon(true);
            return thread;
        });
        // a viewer's periodic tasks are cancelled when it leaves: gone from the queue at once, not when next due
        timer.setRemoveOnCancelPolicy(true);
        lifecycle.onClose("timer", timer::shutdownNow);
        return timer;
    }

    private static ExecutorService namedPool(String name, int threads) {
        return new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                DaemonThreads.named(name));
    }
}
