package io.woperator;

import io.woperator.capture.CaptureException;
import io.woperator.capture.FrameSources;
import io.woperator.config.CommandLineOptions;
import io.woperator.config.Settings;
import io.woperator.config.StreamSpec;
import io.woperator.desktop.MicrophoneStream;
import io.woperator.desktop.VirtualMicrophone;
import io.woperator.http.HealthReport;
import io.woperator.http.HttpServer;
import io.woperator.http.TlsCertificate;
import io.woperator.media.StageTimer;
import io.woperator.platform.Logging;
import io.woperator.platform.SystemLibraries;
import io.woperator.rtc.RemoteAudioOutput;
import io.woperator.rtc.RtcEngine;
import io.woperator.signaling.MessageCodec;
import io.woperator.signaling.SessionContext;
import io.woperator.signaling.SignalMessage;
import io.woperator.signaling.SignalingEndpoint;
import io.woperator.stream.Stream;
import io.woperator.stream.StreamException;
import io.woperator.stream.StreamRegistry;
import io.woperator.stream.StreamStore;
import io.woperator.stream.StreamsApi;
import io.woperator.stream.StreamsApiSocket;
import io.woperator.stream.StreamsHttpApi;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires the parts together and owns their shutdown; nothing else. */
public final class Main {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) {
        CommandLineOptions.Outcome outcome = CommandLineOptions.parse(args, System.getenv(),
                new PrintWriter(System.out, true), new PrintWriter(System.err, true));
        if (outcome instanceof CommandLineOptions.Outcome.Exit exit) {
            System.exit(exit.code());
        }
        Settings settings = ((CommandLineOptions.Outcome.Run) outcome).settings();
        try {
            Logging.setLevel(settings.logLevel());
        } catch (IllegalArgumentException e) {
            System.err.println("woperator: " + e.getMessage());
            System.exit(2);
        }
        List<String> missing = SystemLibraries.missing();
        if (!missing.isEmpty()) {
            LOG.error(SystemLibraries.explain(missing));
            System.exit(3);
        }
        run(settings);
    }

    private static void run(Settings settings) {
        RtcEngine rtc = new RtcEngine(settings);
        ExecutorService signalingPool = namedPool("woperator-signaling", 2);
        ExecutorService apiWorker = namedPool("woperator-streams-api", 1);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "woperator-timer");
            thread.setDaemon(true);
            return thread;
        });
        StreamRegistry streams = new StreamRegistry(new StreamRegistry.Defaults(settings.display(), settings.fps(),
                settings.resize(), settings.maxViewers()), rtc,
                settings.stateDir() == null ? null : new StreamStore(settings.stateDir()));
        openStreams(settings, streams);
        streams.sampleEverySecond(timer);
        SignalMessage.Quality quality = new SignalMessage.Quality(settings.videoCodec().name().toLowerCase(Locale.ROOT),
                settings.bitrates().maxKbps(), settings.fps(), settings.resolutionScale());
        SessionContext sessions = new SessionContext(rtc, signalingPool, new MessageCodec(), microphones(settings),
                settings.ice().natPublicIp(), timer, quality);
        StreamsApi api = new StreamsApi(streams);
        StreamsHttpApi apiDoor = new StreamsHttpApi(api, settings.access().required(), settings.maxMessageBytes(),
                apiWorker, new StreamsApiSocket(api, apiWorker, settings.maxMessageBytes()));
        Runnable stopAll = () -> {
            timer.shutdownNow();
            signalingPool.shutdownNow();
            apiWorker.shutdownNow();
            streams.close();
            rtc.close();
        };
        HttpServer http;
        try {
            http = new HttpServer(settings, tlsCertificate(settings), new SignalingEndpoint(settings, sessions, streams),
                    apiDoor, () -> health(streams));
        } catch (IOException e) {
            LOG.error("Cannot serve HTTPS: {}", e.getMessage());
            stopAll.run();
            System.exit(2);
            return;
        }
        try {
            http.start();
        } catch (RuntimeException e) {
            LOG.error("Cannot listen on {}:{}: {} (is another server using the port? choose one with --port)",
                    settings.bindAddress(), settings.port(), e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
            stopAll.run();
            System.exit(1);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            long start = System.nanoTime();
            LOG.info("Shutting down");
            for (Stream stream : streams.all()) {
                stream.viewers().closeAll("the server is shutting down", 1500, TimeUnit.MILLISECONDS);
            }
            http.close();
            timer.shutdownNow();
            apiWorker.shutdownNow();
            signalingPool.shutdown();
            try {
                signalingPool.awaitTermination(500, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            streams.close();
            rtc.close();
            LOG.info("Stopped in {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        }, "woperator-shutdown"));
    }

    /**
     * The streams of --stream, or the one default stream, started; then those kept from earlier runs (a kept
     * stream whose id is now taken by a --stream is left out, and said so).
     */
    private static void openStreams(Settings settings, StreamRegistry streams) {
        List<StreamSpec> configured = settings.streams().isEmpty()
                ? List.of(settings.defaultStream(FrameSources.choose(settings))) : settings.streams();
        List<StreamStore.Entry> kept = settings.stateDir() == null ? List.of()
                : new StreamStore(settings.stateDir()).load();
        try {
            for (StreamSpec spec : configured) {
                streams.restore(spec, false, true);
            }
        } catch (StreamException e) {
            LOG.error("Cannot make the stream: {}", e.getMessage());
            System.exit(2);
        }
        for (StreamStore.Entry entry : kept) {
            try {
                streams.restore(entry.stream(), true, entry.running());
            } catch (StreamException e) {
                LOG.warn("The kept stream {} is left out: {}", entry.stream().id(), e.getMessage());
            }
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

    /** The default stream's capture, sound and stages; the viewers of every stream. */
    private static HealthReport health(StreamRegistry streams) {
        Stream main = streams.defaultStream();
        int viewers = streams.all().stream().mapToInt(s -> s.viewers().count()).sum();
        if (main == null) {
            return new HealthReport("ok", viewers, false, null, null, List.of());
        }
        List<HealthReport.Stage> stages = new ArrayList<>();
        if (main.video() != null) {
            main.video().stages().forEach(s -> stages.add(new HealthReport.Stage(s.stage(), s.count(), s.meanMillis())));
        }
        Boolean sound = null;
        if (main.audio() != null) {
            StageTimer.Snapshot push = main.audio().stage();
            stages.add(new HealthReport.Stage(push.stage(), push.count(), push.meanMillis()));
            sound = main.audio().available();
        }
        boolean capturing = main.video() != null ? main.video().running() : main.audio() != null && main.audio().running();
        return new HealthReport("ok", viewers, capturing, main.spec().source().kind().replace('-', '_'), sound, stages);
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

    private static ExecutorService namedPool(String name, int threads) {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory = task -> {
            Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        return new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), factory);
    }
}
