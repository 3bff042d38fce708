package io.woperator.capture;

import java.nio.ShortBuffer;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/**
 * Records a PulseAudio source through FFmpeg's pulse input, 48 kHz stereo s16. The default source,
 * {@code @DEFAULT_MONITOR@}, is whatever the desktop plays on its default output. PULSE_SERVER is honoured.
 */
public final class PulseAudioSource implements PcmSource {

    static {
        FFmpegLogging.init();
    }

    /** 10 ms of stereo s16 at 48 kHz: asks PulseAudio for small fragments, so little waits in its buffer. */
    private static final int FRAGMENT_BYTES = SAMPLE_RATE / 100 * CHANNELS * 2;

    /** A read that took longer than this waited for new sound: the backlog is gone. */
    private static final long WAITED_NANOS = 2_000_000;
    /** Never spend longer than this skipping. */
    private static final long BACKLOG_LIMIT_NANOS = 3_000_000_000L;

    private final String device;
    private final FFmpegFrameGrabber grabber;

    private PulseAudioSource(String device, FFmpegFrameGrabber grabber) {
        this.device = device;
        this.grabber = grabber;
    }

    public static PulseAudioSource open(String device) throws CaptureException {
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(device);
        grabber.setFormat("pulse");
        grabber.setSampleRate(SAMPLE_RATE);
        grabber.setAudioChannels(CHANNELS);
        grabber.setOption("fragment_size", String.valueOf(FRAGMENT_BYTES));
        grabber.setOption("name", "Woperator");
        grabber.setOption("stream_name", "desktop sound to the browser");
        try {
            grabber.start();
        } catch (FrameGrabber.Exception e) {
            close(grabber);
            throw new CaptureException("cannot record PulseAudio source '" + device + "' (is PulseAudio running, and "
                    + "PULSE_SERVER right?): " + e.getMessage(), e);
        }
        PulseAudioSource source = new PulseAudioSource(device, grabber);
        try {
            source.skipBacklog();
        } catch (CaptureException e) {
            source.close();
            throw e;
        }
        return source;
    }

    /**
     * Starting takes most of a second of probing, and what PulseAudio recorded meanwhile waits in front of the
     * live sound. Read at real time from then on, that backlog would be latency forever (we measured 0.7 s), so
     * it is dropped: everything that is already there when capture begins, up to the first read that has to wait.
     */
    private void skipBacklog() throws CaptureException {
        long deadline = System.nanoTime() + BACKLOG_LIMIT_NANOS;
        while (System.nanoTime() < deadline) {
            long start = System.nanoTime();
            read();
            if (System.nanoTime() - start > WAITED_NANOS) {
                return;
            }
        }
    }

    @Override
    public ShortBuffer read() throws CaptureException {
        Frame frame;
        try {
            frame = grabber.grabSamples();
        } catch (FrameGrabber.Exception e) {
            throw new CaptureException("PulseAudio stopped delivering sound: " + e.getMessage(), e);
        }
        if (frame == null || frame.samples == null) {
            throw new CaptureException("PulseAudio ended the recording of '" + device + "'");
        }
        return (ShortBuffer) frame.samples[0];
    }

    @Override
    public String describe() {
        return "PulseAudio '" + device + "' " + SAMPLE_RATE + " Hz stereo";
    }

    @Override
    public void close() {
        close(grabber);
    }

    private static void close(FFmpegFrameGrabber grabber) {
        try {
            grabber.close();
        } catch (FrameGrabber.Exception ignored) {
            // nothing more to release
        }
    }
}
