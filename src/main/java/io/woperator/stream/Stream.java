package io.woperator.stream;

import io.woperator.capture.FrameSources;
import io.woperator.capture.PulseAudioSource;
import io.woperator.desktop.Desktop;
import io.woperator.desktop.DesktopClipboard;
import io.woperator.desktop.ScreenArea;
import io.woperator.frames.EncodedFeeds;
import io.woperator.media.AudioPipeline;
import io.woperator.media.MediaPipeline;
import io.woperator.media.MediaTap;
import io.woperator.media.VideoPipeline;
import io.woperator.protocol.DesktopMessage;
import io.woperator.protocol.InputMessage;
import io.woperator.protocol.Region;
import io.woperator.protocol.ServerMessage;
import io.woperator.protocol.StreamInfo;
import io.woperator.protocol.StreamSpec;
import io.woperator.protocol.StreamState;
import io.woperator.protocol.StreamStats;
import io.woperator.rtc.SenderStats;
import io.woperator.rtc.StreamTracks;
import io.woperator.session.CaptureRate;
import io.woperator.session.ViewerRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One named source and everything that is its own: its tracks, its capture (running only while someone watches),
 * the desktop behind it (x11 only: input, clipboard, cursor, resize), its viewers with their control seat, its
 * state, and its counters.
 */
public final class Stream implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Stream.class);

    private final StreamSpec spec;
    private final boolean kept;
    private final int fps;
    private final StreamTracks tracks;
    private final VideoPipeline video;
    private final AudioPipeline audio;
    private final Desktop desktop;
    private final ViewerRegistry viewers;
    private final CaptureRate captureRate;
    private volatile StreamState state = StreamState.CREATED;
    private volatile String lastError;
    /** Bytes of video sent, all viewers together, and each viewer's last total (for the difference). */
    private final AtomicLong bytesSent = new AtomicLong();
    private final Map<String, SenderStats> viewerReports = new ConcurrentHashMap<>();
    private final Map<String, String> viewerStates = new ConcurrentHashMap<>();
    private final StatsSampler sampler = new StatsSampler();

    /**
     * @param spec       with the server's defaults already filled in (display, fps)
     * @param kept       made through the API: stored in the state directory across restarts
     * @param resize     whether an x11 stream's screen takes the viewer's window size
     * @param maxViewers viewers at once, 0 for no limit
     * @param timer      paces what viewers are told
     */
    Stream(StreamSpec spec, boolean kept, StreamTracks tracks, boolean resize, int maxViewers,
            ScheduledExecutorService timer) {
        this.spec = spec;
        this.kept = kept;
        this.tracks = tracks;
        StreamSpec.Source source = spec.source();
        this.fps = source.fps();
        List<MediaPipeline> pipelines = new ArrayList<>();
        if (source.hasVideo()) {
            video = new VideoPipeline(spec.id(), rate -> FrameSources.open(source, rate), fps, tracks.videoSource(),
                    tracks.encodedFeeds());
            video.onHealth(new VideoPipeline.HealthListener() {
                @Override
                public void failed(String reason) {
                    captureFailed(reason);
                }

                @Override
                public void recovered() {
                    captureRecovered();
                }
            });
            pipelines.add(video);
        } else {
            video = null;
        }
        if (source.soundSource() != null) {
            audio = new AudioPipeline(spec.id(), () -> PulseAudioSource.open(source.soundSource()),
                    tracks.audioSource());
            pipelines.add(audio);
        } else {
            audio = null;
        }
        if (source.kind().equals("x11")) {
            // a captured region keeps its size: only the whole screen follows viewers' windows
            desktop = new Desktop(source.display(), resize && source.region() == null, this::screenArea);
            pipelines.add(new MediaPipeline() {
                @Override
                public void start() {
                    desktop.start();
                }

                @Override
                public void stop() {
                    desktop.stop();
                }

                @Override
                public boolean running() {
                    return desktop.running();
                }
            });
        } else {
            desktop = null;
        }
        this.viewers = new ViewerRegistry(pipelines, maxViewers, timer);
        this.captureRate = new CaptureRate(fps, rate -> {
            if (video != null) {
                video.setFrameRate(rate);
            }
        });
        if (audio != null) {
            audio.onStatus((available, reason) -> viewers.broadcastAndKeep(new ServerMessage.Audio(available, reason)));
        }
        if (desktop != null) {
            desktop.onChange(image -> viewers.broadcastOnDataChannelAndKeep(new DesktopMessage.Cursor(
                    image.pngBase64(), image.width(), image.height(), image.hotX(), image.hotY())), clipboardRelay());
        }
        viewers.accept(false);
    }

    /** Text copied on the desktop goes to every viewer, and to those that come later; too much of it is said so. */
    private DesktopClipboard.Listener clipboardRelay() {
        return new DesktopClipboard.Listener() {
            @Override
            public void copied(String text) {
                viewers.broadcastOnDataChannelAndKeep(new InputMessage.Clipboard(text));
            }

            @Override
            public void tooLarge(long bytes) {
                viewers.broadcastOnDataChannel(new DesktopMessage.ClipboardTooLarge(bytes, DesktopClipboard.MAX_BYTES));
            }
        };
    }

    public String id() {
        return spec.id();
    }

    public StreamSpec spec() {
        return spec;
    }

    /** Whether it was made through the API, and so is kept across restarts. */
    public boolean kept() {
        return kept;
    }

    public StreamState state() {
        return state;
    }

    /** The frame rate it captures at unless a viewer asks for another. */
    public int fps() {
        return fps;
    }

    public StreamTracks tracks() {
        return tracks;
    }

    public ViewerRegistry viewers() {
        return viewers;
    }

    public CaptureRate captureRate() {
        return captureRate;
    }

    /** The X11 desktop behind it; none for a stream nobody can drive (a camera, the test pattern). */
    public Optional<Desktop> desktop() {
        return Optional.ofNullable(desktop);
    }

    public boolean hasVideo() {
        return video != null;
    }

    public boolean hasSound() {
        return audio != null;
    }

    /** The video pipeline, for its stage timers; null for a sound-only stream. */
    /** The pictures encoded by the server's own encoders for viewers on the data channel, or null without a picture. */
    public EncodedFeeds encodedFeeds() {
        return tracks.encodedFeeds();
    }

    public VideoPipeline video() {
        return video;
    }

    /** The audio pipeline, null for a silent stream. */
    public AudioPipeline audio() {
        return audio;
    }

    /** How long captured frames lately take to reach the encoder, in ms. */
    public double handOverMillis() {
        return video == null ? 0 : video.recentHandOverMillis();
    }

    /** Video bytes sent to all viewers so far, as their senders report them once a second. */
    public long bytesSent() {
        return bytesSent.get();
    }

    /** What a viewer's sender reports once a second: its bytes count towards the stream's, the rest is kept. */
    public void viewerReport(String viewerId, SenderStats stats) {
        SenderStats before = viewerReports.put(viewerId, stats);
        long sentBefore = before == null ? 0 : before.bytesSent();
        if (stats.bytesSent() > sentBefore) {
            bytesSent.addAndGet(stats.bytesSent() - sentBefore);
        }
    }

    /** The latest report of each viewer still here (for /metrics). */
    public Map<String, SenderStats> viewerReports() {
        return Map.copyOf(viewerReports);
    }

    /** A viewer's connection changed state ("new", "connecting", "connected", "failed"...). */
    public void viewerState(String viewerId, String connectionState) {
        viewerStates.put(viewerId, connectionState);
    }

    /** The connection state of each viewer still here (for /metrics). */
    public Map<String, String> viewerStates() {
        return Map.copyOf(viewerStates);
    }

    /** The viewer left: its reports and state are no longer followed. */
    public void forgetViewer(String viewerId) {
        viewerReports.remove(viewerId);
        viewerStates.remove(viewerId);
    }

    synchronized void start() {
        if (state.serving()) {
            return;
        }
        state = StreamState.RUNNING;
        lastError = null;
        viewers.accept(true);
        LOG.info("Stream {} started: {}", id(), describe());
    }

    /**
     * Gives {@code tap} a copy of every picture and sound captured from now on (null: no one), and keeps capture
     * running while it is set, viewers or not: a recording.
     */
    public void tap(MediaTap tap) {
        if (video != null) {
            video.tap(tap);
        }
        if (audio != null) {
            audio.tap(tap);
        }
        viewers.keepCapturing(tap != null);
    }

    /** Turns new viewers away, and tells those watching why before letting them go. */
    void stop(String reason) {
        synchronized (this) {
            if (state == StreamState.STOPPED || state == StreamState.CREATED) {
                return;
            }
            state = StreamState.STOPPED;
            viewers.accept(false);
        }
        viewers.closeAll(reason, 1500, TimeUnit.MILLISECONDS);
        LOG.info("Stream {} stopped", id());
    }

    private void captureFailed(String reason) {
        synchronized (this) {
            lastError = reason;
            if (state == StreamState.RUNNING) {
                state = StreamState.FAILED;
                LOG.warn("Stream {} failed: {} (retrying while it is watched)", id(), reason);
            }
        }
        viewers.broadcastAndKeep(new ServerMessage.Picture(false, reason));
    }

    private void captureRecovered() {
        synchronized (this) {
            if (state == StreamState.FAILED) {
                state = StreamState.RUNNING;
                LOG.info("Stream {} is running again", id());
            }
        }
        viewers.broadcastAndKeep(new ServerMessage.Picture(true, null));
    }

    /** Marks the stream failed without capture having run: its source could not be checked when it started. */
    synchronized void failed(String reason) {
        lastError = reason;
        state = StreamState.FAILED;
    }

    public StreamInfo info() {
        return new StreamInfo(id(), spec.description(), spec.source(), state, viewers.count(), capturing(), lastError);
    }

    private boolean capturing() {
        return video != null ? video.running() : audio != null && audio.running();
    }

    /** The figures of the second since the last call; called once a second by the registry. */
    StreamStats sample() {
        long frames = video == null ? 0 : video.framesPushed();
        StatsSampler.Rates rates = sampler.sample(System.nanoTime(), frames, bytesSent.get());
        VideoPipeline.Size size = video == null ? null : video.lastSize();
        return new StreamStats(id(), state, rates.fps(), frames, size == null ? 0 : size.width(),
                size == null ? 0 : size.height(), viewers.count(), rates.kbps(), video == null ? 0 : video.framesLate(),
                lastError);
    }

    /** The part of the screen the video shows, in screen pixels; null before the first frame. */
    private ScreenArea screenArea() {
        VideoPipeline.Size size = video == null ? null : video.lastSize();
        if (size == null) {
            return null;
        }
        String region = spec.source().region();
        if (region == null) {
            return new ScreenArea(0, 0, size.width(), size.height());
        }
        Region r = Region.parse(region);
        return new ScreenArea(r.x(), r.y(), size.width(), size.height());
    }

    private String describe() {
        StreamSpec.Source s = spec.source();
        return switch (s.kind()) {
            case "x11" -> "display " + s.display() + (s.region() == null ? "" : " region " + s.region());
            case "v4l2" -> "camera " + s.device();
            case "pulse" -> "sound of " + s.soundSource();
            default -> s.kind();
        } + (s.hasVideo() ? " at " + fps + " fps" : "") + (s.hasVideo() && s.soundSource() != null
                ? " with the sound of " + s.soundSource() : "");
    }

    /** Lets every viewer go, stops capture and frees the tracks. */
    @Override
    public void close() {
        synchronized (this) {
            state = StreamState.STOPPED;
            viewers.accept(false);
        }
        viewers.closeAll("the stream was deleted", 1500, TimeUnit.MILLISECONDS);
        if (video != null) {
            video.stop();
        }
        if (audio != null) {
            audio.stop();
        }
        if (desktop != null) {
            desktop.close();
        }
        tracks.close();
    }
}
