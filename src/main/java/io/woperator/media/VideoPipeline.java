package io.woperator.media;

import dev.onvoid.webrtc.media.video.CustomVideoSource;
import dev.onvoid.webrtc.media.FourCC;
import dev.onvoid.webrtc.media.video.NativeI420Buffer;
import dev.onvoid.webrtc.media.video.VideoBufferConverter;
import dev.onvoid.webrtc.media.video.VideoFrame;
import io.woperator.capture.CaptureException;
import io.woperator.capture.CapturedFrame;
import io.woperator.capture.FrameSource;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves pictures from a {@link FrameSource} into a webrtc-java {@link CustomVideoSource}: grab, convert to I420,
 * push, on one thread of its own. Runs between {@link #start()} and {@link #stop()}; a source that fails is
 * reopened with a growing pause, and the failure is logged once rather than per frame.
 */
public final class VideoPipeline {

    /** Opens a fresh source each time capture (re)starts. */
    @FunctionalInterface
    public interface SourceOpener {
        FrameSource open() throws CaptureException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(VideoPipeline.class);
    private static final long MAX_RETRY_PAUSE_MS = 5_000;

    private final SourceOpener opener;
    private final CustomVideoSource sink;
    private final StageTimer grabTimer = new StageTimer("grab");
    private final StageTimer convertTimer = new StageTimer("convert");
    private final StageTimer pushTimer = new StageTimer("push");
    private Thread thread;
    private CountDownLatch stopSignal;
    private volatile Size lastSize;

    /** The size of the last frame pushed, so viewers and stats can say what is being sent. */
    public record Size(int width, int height) {
    }

    public VideoPipeline(SourceOpener opener, CustomVideoSource sink) {
        this.opener = opener;
        this.sink = sink;
    }

    public synchronized void start() {
        if (thread != null) {
            return;
        }
        CountDownLatch signal = new CountDownLatch(1);
        stopSignal = signal;
        thread = new Thread(() -> run(signal), "woperator-video");
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops capture and waits for the thread to let go of the source. */
    public synchronized void stop() {
        if (thread == null) {
            return;
        }
        stopSignal.countDown();
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("Video capture thread did not stop within 5 s");
        }
        thread = null;
    }

    public synchronized boolean running() {
        return thread != null;
    }

    public Size lastSize() {
        return lastSize;
    }

    public List<StageTimer.Snapshot> stages() {
        return List.of(grabTimer.snapshot(), convertTimer.snapshot(), pushTimer.snapshot());
    }

    private void run(CountDownLatch stop) {
        long pauseMs = 250;
        boolean failureLogged = false;
        while (stop.getCount() > 0) {
            try (FrameSource source = opener.open()) {
                LOG.info("Video capture started: {}", source.describe());
                failureLogged = false;
                pauseMs = 250;
                pump(source, stop);
            } catch (CaptureException e) {
                if (stop.getCount() == 0) {
                    break;
                }
                if (!failureLogged) {
                    LOG.warn("Video capture failed, retrying until it works: {}", e.getMessage());
                    failureLogged = true;
                }
                try {
                    if (stop.await(pauseMs, TimeUnit.MILLISECONDS)) {
                        break;
                    }
                } catch (InterruptedException interrupted) {
                    break;
                }
                pauseMs = Math.min(MAX_RETRY_PAUSE_MS, pauseMs * 2);
            } catch (RuntimeException e) {
                LOG.error("Video capture stopped by an unexpected error", e);
                break;
            }
        }
        LOG.info("Video capture stopped");
    }

    private void pump(FrameSource source, CountDownLatch stop) throws CaptureException {
        while (stop.getCount() > 0) {
            long t0 = System.nanoTime();
            CapturedFrame captured = source.grab();
            grabTimer.record(t0);

            long t1 = System.nanoTime();
            NativeI420Buffer i420 = NativeI420Buffer.allocate(captured.width(), captured.height());
            VideoFrame frame = new VideoFrame(i420, t1);
            try {
                VideoBufferConverter.convertToI420(captured.pixels(), i420, FourCC.ARGB);
                convertTimer.record(t1);
                long t2 = System.nanoTime();
                sink.pushFrame(frame);
                pushTimer.record(t2);
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
}
