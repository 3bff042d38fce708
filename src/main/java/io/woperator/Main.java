package io.woperator;

import io.woperator.capture.CaptureException;
import io.woperator.capture.FrameSources;
import io.woperator.capture.PulseAudioSource;
import io.woperator.config.CommandLineOptions;
import io.woperator.config.Settings;
import io.woperator.config.VideoSourceKind;
import io.woperator.http.HealthReport;
import io.woperator.http.HttpServer;
import io.woperator.http.TlsCertificate;
import io.woperator.config.Region;
import io.woperator.desktop.CursorWatcher;
import io.woperator.desktop.DesktopClipboard;
import io.woperator.desktop.InputInjector;
import io.woperator.desktop.MicrophoneStream;
import io.woperator.desktop.ScreenArea;
import io.woperator.desktop.ScreenResizer;
import io.woperator.desktop.VirtualMicrophone;
import io.woperator.media.AudioPipeline;
import io.woperator.media.MediaPipeline;
import io.woperator.media.StageTimer;
import io.woperator.media.VideoPipeline;
import io.woperator.platform.Logging;
import io.woperator.platform.SystemLibraries;
import io.woperator.rtc.RemoteAudioOutput;
import io.woperator.rtc.RtcEngine;
import io.woperator.session.CaptureRate;
import io.woperator.session.ViewerRegistry;
import io.woperator.signaling.MessageCodec;
import io.woperator.signaling.SessionContext;
import io.woperator.signaling.SignalMessage;
import io.woperator.signaling.SignalingEndpoint;
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
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
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
        VideoSourceKind source = FrameSources.choose(settings);
        RtcEngine rtc = new RtcEngine(settings);
        VideoPipeline video = new VideoPipeline(fps -> FrameSources.open(source, settings, fps), settings.fps(),
                rtc.videoSource());
        List<MediaPipeline> pipelines = new ArrayList<>(List.of(video));
        AudioPipeline audio = null;
        if (settings.audio().desktop()) {
            audio = new AudioPipeline(() -> PulseAudioSource.open(settings.audio().device()), rtc.audioSource());
            pipelines.add(audio);
        }
        InputInjector input = null;
        CursorWatcher cursor = null;
        DesktopClipboard clipboard = null;
        if (source == VideoSourceKind.X11) {
            input = new InputInjector(settings.display());
            cursor = new CursorWatcher(settings.display());
            clipboard = new DesktopClipboard(settings.display());
            pipelines.add(onDemand(cursor::start, cursor::stop, cursor::running));
            pipelines.add(onDemand(clipboard::start, clipboard::stop, clipboard::running));
        }
        ViewerRegistry viewers = new ViewerRegistry(pipelines, settings.maxViewers());
        if (audio != null) {
            audio.onStatus(viewers::audioStatus);
        }
        if (cursor != null) {
            cursor.onChange(viewers::cursor);
            clipboard.onChange(new DesktopClipboard.Listener() {
                @Override
                public void copied(String text) {
                    viewers.clipboard(text);
                }

                @Override
                public void tooLarge(long bytes) {
                    viewers.clipboardTooLarge(bytes);
                }
            });
        }
        // a captured region keeps its size: only the whole screen follows viewers' windows
        ScreenResizer resizer = input != null && settings.resize() && settings.region() == null
                ? new ScreenResizer(settings.display()) : null;
        ExecutorService signalingPool = namedPool("woperator-signaling", 2);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "woperator-timer");
            thread.setDaemon(true);
            return thread;
        });
        SignalMessage.Quality quality = new SignalMessage.Quality(settings.videoCodec().name().toLowerCase(Locale.ROOT),
                settings.bitrates().maxKbps(), settings.fps(), settings.resolutionScale());
        SessionContext sessions = new SessionContext(rtc, viewers, signalingPool, new MessageCodec(),
                microphones(settings), input, clipboard, resizer, () -> screenArea(settings, video),
                settings.ice().natPublicIp(), quality, new CaptureRate(settings.fps(), video::setFrameRate),
                video::recentHandOverMillis, timer);
        HttpServer http;
        try {
            http = new HttpServer(settings, tlsCertificate(settings), new SignalingEndpoint(settings, sessions),
                    () -> health(viewers, source, video, pipelines));
        } catch (IOException e) {
            LOG.error("Cannot serve HTTPS: {}", e.getMessage());
            signalingPool.shutdownNow();
            timer.shutdownNow();
            rtc.close();
            System.exit(2);
            return;
        }
        try {
            http.start();
        } catch (RuntimeException e) {
            LOG.error("Cannot listen on {}:{}: {} (is another server using the port? choose one with --port)",
                    settings.bindAddress(), settings.port(), e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
            signalingPool.shutdownNow();
            timer.shutdownNow();
            rtc.close();
            System.exit(1);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            long start = System.nanoTime();
            LOG.info("Shutting down");
            viewers.closeAll("the server is shutting down", 1500, TimeUnit.MILLISECONDS);
            http.close();
            pipelines.forEach(MediaPipeline::stop);
            timer.shutdownNow();
            signalingPool.shutdown();
            try {
                signalingPool.awaitTermination(500, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (sessions.input() != null) {
                sessions.input().close();
            }
            if (sessions.resizer() != null) {
                sessions.resizer().close();
            }
            rtc.close();
            LOG.info("Stopped in {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        }, "woperator-shutdown"));
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

    /** The part of the screen the video shows, in screen pixels; null before the first frame. */
    private static ScreenArea screenArea(Settings settings, VideoPipeline video) {
        VideoPipeline.Size size = video.lastSize();
        if (size == null) {
            return null;
        }
        Region region = settings.region();
        return region == null ? new ScreenArea(0, 0, size.width(), size.height())
                : new ScreenArea(region.x(), region.y(), size.width(), size.height());
    }

    /** Something else that runs only while viewers are connected, like capture does. */
    private static MediaPipeline onDemand(Runnable start, Runnable stop, BooleanSupplier running) {
        return new MediaPipeline() {
            @Override
            public void start() {
                start.run();
            }

            @Override
            public void stop() {
                stop.run();
            }

            @Override
            public boolean running() {
                return running.getAsBoolean();
            }
        };
    }

    private static HealthReport health(ViewerRegistry viewers, VideoSourceKind source, VideoPipeline video,
            List<MediaPipeline> pipelines) {
        List<HealthReport.Stage> stages = video.stages().stream()
                .map(s -> new HealthReport.Stage(s.stage(), s.count(), s.meanMillis()))
                .collect(Collectors.toCollection(ArrayList::new));
        Boolean sound = null;
        for (MediaPipeline pipeline : pipelines) {
            if (pipeline instanceof AudioPipeline audio) {
                StageTimer.Snapshot push = audio.stage();
                stages.add(new HealthReport.Stage(push.stage(), push.count(), push.meanMillis()));
                sound = audio.available();
            }
        }
        return new HealthReport("ok", viewers.count(), video.running(), source.name().toLowerCase(), sound, stages);
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
