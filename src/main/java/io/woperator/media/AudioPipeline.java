package io.woperator.media;

import dev.onvoid.webrtc.media.audio.CustomAudioSource;
import io.woperator.capture.CaptureException;
import io.woperator.capture.PcmSource;
import java.nio.ShortBuffer;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves the desktop's sound from a {@link PcmSource} into a webrtc-java {@link CustomAudioSource}, in 10 ms
 * blocks. When the sound server is missing or dies, it says so once (log and listener) and tries again every
 * two seconds, so sound comes back by itself; video is not affected.
 */
public final class AudioPipeline implements MediaPipeline {

    /** Opens a fresh source each time capture (re)starts. */
    @FunctionalInterface
    public interface SourceOpener {
        PcmSource open() throws CaptureException;
    }

    /** Hears whether the desktop's sound reaches the viewers, and if not, why. */
    @FunctionalInterface
    public interface StatusListener {
        void audioStatus(boolean available, String reason);
    }

    private static final Logger LOG = LoggerFactory.getLogger(AudioPipeline.class);

    private final SourceOpener opener;
    private final CustomAudioSource sink;
    private volatile StatusListener listener = (available, why) -> { };
    private final StageTimer pushTimer = new StageTimer("audio-push");
    private final CaptureLoop loop;
    private volatile MediaTap tap;
    /** Null until the first attempt to capture has told. */
    private volatile Boolean available;
    private volatile String reason;

    /** @param name names the capture thread: the stream's id */
    public AudioPipeline(String name, SourceOpener opener, CustomAudioSource sink) {
        this.opener = opener;
        this.sink = sink;
        this.loop = new CaptureLoop("woperator-audio-" + name, this::capture, 2_000, 2_000, new CaptureLoop.Listener() {
            @Override
            public void failed(CaptureException cause) {
                LOG.warn("No sound from the desktop: {} (trying again every 2 s)", cause.getMessage());
                status(false, "no sound from the desktop: " + cause.getMessage());
            }

            @Override
            public void recovered() {
                LOG.info("Sound from the desktop is back");
            }
        });
    }

    /** Takes a copy of each 10 ms of sound while set (null: none). */
    public void tap(MediaTap newTap) {
        tap = newTap;
    }

    /** Who hears of the sound coming and going; set before the first start. */
    public void onStatus(StatusListener statusListener) {
        this.listener = statusListener;
    }

    @Override
    public void start() {
        loop.start();
    }

    @Override
    public void stop() {
        loop.stop();
    }

    @Override
    public boolean running() {
        return loop.running();
    }

    /** Whether the desktop's sound reaches the viewers; null before capture first ran. */
    public Boolean available() {
        return available;
    }

    /** Why there is no sound, or null while there is. */
    public String reason() {
        return reason;
    }

    public StageTimer.Snapshot stage() {
        return pushTimer.snapshot();
    }

    private void capture(CountDownLatch stop) throws CaptureException {
        PcmSource source = opener.open();
        try (source) {
            LOG.info("Audio capture started: {}", source.describe());
            PcmRebuffer rebuffer = new PcmRebuffer(PcmSource.SAMPLE_RATE, PcmSource.CHANNELS);
            int framesPerBlock = PcmSource.SAMPLE_RATE / 100;
            boolean first = true;
            while (stop.getCount() > 0) {
                ShortBuffer samples = source.read();
                if (first) {
                    first = false;
                    loop.delivering();
                    status(true, null);
                }
                rebuffer.write(samples, block -> {
                    long t0 = System.nanoTime();
                    sink.pushAudio(block, 16, PcmSource.SAMPLE_RATE, PcmSource.CHANNELS, framesPerBlock);
                    pushTimer.record(t0);
                    MediaTap copy = tap;
                    if (copy != null) {
                        copy.sound(block);
                    }
                });
            }
        } finally {
            LOG.info("Audio capture stopped");
        }
    }

    private void status(boolean nowAvailable, String why) {
        if (Boolean.valueOf(nowAvailable).equals(available) && (why == null ? reason == null : why.equals(reason))) {
            return;
        }
        available = nowAvailable;
        reason = why;
        listener.audioStatus(nowAvailable, why);
    }
}
