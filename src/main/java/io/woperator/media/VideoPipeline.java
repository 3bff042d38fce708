package io.woperator.media;

import dev.onvoid.webrtc.media.FourCC;
import dev.onvoid.webrtc.media.video.CustomVideoSource;
import dev.onvoid.webrtc.media.video.NativeI420Buffer;
import dev.onvoid.webrtc.media.video.VideoBufferConverter;
import dev.onvoid.webrtc.media.video.VideoFrame;
import io.woperator.capture.CaptureException;
import io.woperator.capture.CapturedFrame;
import io.woperator.capture.FrameSource;
import io.woperator.frames.EncodedFeeds;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves pictures from a {@link FrameSource} into a webrtc-java {@link CustomVideoSource}: grab, convert to I420,
 * push, on a thread of its own while started. A source that fails is reopened with a growing pause, and the
 * failure is logged once rather than per frame.
 */
public final class VideoPipeline implements MediaPipeline {

    /** Opens a fresh source, paced at {@code fps}, each time capture (re)starts. */
    @FunctionalInterface
    public interface SourceOpener {
        FrameSource open(int fps) throws CaptureException;
    }

    /** Takes a copy of each captured picture while set (null: none); set it before capture starts or while it runs. */
    public void tap(MediaTap newTap) {
        tap = newTap;
    }

    /** The size of the last frame pushed. */
    public record Size(int width, int height) {
    }

    /** Hears when capture stops working, and when it works again. */
    public interface HealthListener {
        void failed(String reason);

        void recovered();
    }

    private static final Logger LOG = LoggerFactory.getLogger(VideoPipeline.class);

    private final SourceOpener opener;
    private final CustomVideoSource sink;
    /** Our own encoders' feeds, offered each converted picture too; may be null. */
    private final EncodedFeeds encoded;
    private final StageTimer grabTimer = new StageTimer("grab");
    private final StageTimer convertTimer = new StageTimer("convert");
    private volatile MediaTap tap;
    private final StageTimer pushTimer = new StageTimer("push");
    private final CaptureLoop loop;
    private volatile HealthListener health = new HealthListener() {
        @Override
        public void failed(String reason) {
        }

        @Override
        public void recovered() {
        }
    };
    private volatile Size lastSize;
    private volatile int fps;
    /** Recent time from a grabbed frame to its hand-over to the encoder (convert + push), smoothed. */
    private volatile double recentHandOverMillis;
    /** The source capture reads from now, for {@link #refresh()}; null while stopped. */
    private volatile FrameSource current;
    /** Frames short of the rate: of the sources closed since start, and with the current one's. */
    private long lateOfClosedSources;
    private volatile long framesLate;

    /**
     * @param name    names the capture thread and the log lines: the stream's id
     * @param encoded our own encoders, offered each picture as libwebrtc's is; null for none
     */
    public VideoPipeline(String name, SourceOpener opener, int fps, CustomVideoSource sink, EncodedFeeds encoded) {
        this.opener = opener;
        this.fps = fps;
        this.sink = sink;
        this.encoded = encoded;
        // retried at least every 2 s: a display that comes back is streamed again soon after
        this.loop = new CaptureLoop("woperator-video-" + name, this::capture, 250, 2_000, new CaptureLoop.Listener() {
            @Override
            public void failed(CaptureException cause) {
                LOG.warn("Video capture failed, retrying until it works (stream {}): {}", name, cause.getMessage());
                health.failed(cause.getMessage());
            }

            @Override
            public void recovered() {
                LOG.info("Video capture works again (stream {})", name);
                health.recovered();
            }
        });
    }

    /** Who hears of capture failing and recovering; set before the first start. */
    public void onHealth(HealthListener listener) {
        this.health = listener;
    }

    /** Frames handed to the encoder since start. */
    public long framesPushed() {
        return pushTimer.snapshot().count();
    }

    /** Frames capture fell short of its rate by since start (the source could not keep up). */
    public long framesLate() {
        return framesLate;
    }

    /** Captures at the full rate for a while from now, changed or not: a new viewer needs a picture at once. */
    @Override
    public void refresh() {
        FrameSource source = current;
        if (source != null) {
            source.wake();
        }
    }

    @Override
    public synchronized void start() {
        loop.start();
    }

    @Override
    public synchronized void stop() {
        loop.stop();
    }

    /** Captures at a new rate from now on: a running capture is reopened at it (a blink of about 0.1 s). */
    public synchronized void setFrameRate(int newFps) {
        if (newFps == fps) {
            return;
        }
        fps = newFps;
        LOG.info("Capture rate now {} fps", newFps);
        if (loop.running()) {
            loop.stop();
            loop.start();
        }
    }

    @Override
    public boolean running() {
        return loop.running();
    }

    public Size lastSize() {
        return lastSize;
    }

    /** How long a grabbed frame takes, lately, to reach the encoder: converting and pushing it. */
    public double recentHandOverMillis() {
        return recentHandOverMillis;
    }

    public List<StageTimer.Snapshot> stages() {
        return List.of(grabTimer.snapshot(), convertTimer.snapshot(), pushTimer.snapshot());
    }

    private void capture(CountDownLatch stop) throws CaptureException {
        FrameSource source = opener.open(fps);
        current = source;
        try (source) {
            LOG.info("Video capture started: {}", source.describe());
            while (stop.getCount() > 0) {
                long t0 = System.nanoTime();
                CapturedFrame captured = source.grab();
                grabTimer.record(t0);
                pushOne(captured);
                MediaTap copy = tap;
                if (copy != null) {
                    copy.picture(captured);
                }
                framesLate = lateOfClosedSources + source.framesLate();
                loop.delivering();
            }
        } finally {
            current = null;
            lateOfClosedSources += source.framesLate();
            LOG.info("Video capture stopped");
        }
    }

    private void pushOne(CapturedFrame captured) throws CaptureException {
        long t1 = System.nanoTime();
        NativeI420Buffer i420 = NativeI420Buffer.allocate(captured.width(), captured.height());
        VideoFrame frame = new VideoFrame(i420, t1);
        try {
            VideoBufferConverter.convertToI420(captured.pixels(), i420, FourCC.ARGB);
            long converting = convertTimer.record(t1);
            long t2 = System.nanoTime();
            if (encoded != null) {
                encoded.offer(frame);
            }
            sink.pushFrame(frame);
            long pushing = pushTimer.record(t2);
            recentHandOverMillis = 0.9 * recentHandOverMillis + 0.1 * (converting + pushing) / 1e6;
        } catch (Exception e) {
            throw new CaptureException("could not convert a frame: " + e.getMessage(), e);
        } finally {
            frame.release();
        }
        Size size = lastSize;
        if (size == null || size.width() != captured.width() || size.height() != captured.height()) {
            lastSize = new Size(captured.width(), captured.height());
            if (size != null) {
                LOG.info("Screen size changed to {}x{}", captured.width(), captured.height());
            }
        }
    }
}
