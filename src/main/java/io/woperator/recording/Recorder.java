package io.woperator.recording;

import io.woperator.config.RecordingFormat;
import io.woperator.capture.CapturedFrame;
import io.woperator.media.MediaTap;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameRecorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One recording of one stream into one file, through FFmpeg (JavaCV's {@link FFmpegFrameRecorder}), on a thread
 * of its own. The capture threads only copy into a short queue: a picture that finds the recorder behind is
 * dropped, so recording never slows the live stream. The file is opened with the first picture's size (or the
 * first sound, for a stream of sound only); pictures get their capture time as timestamps, so a screen that changes
 * seldom makes a short file, not a slow one.
 */
public final class Recorder implements MediaTap {

    private static final Logger LOG = LoggerFactory.getLogger(Recorder.class);
    private static final int PICTURES_QUEUED = 4;
    /** Three seconds of 10 ms blocks. */
    private static final int SOUND_QUEUED = 300;
    private static final int SAMPLE_RATE = 48_000;
    private static final int CHANNELS = 2;
    /** An MP4 recording is written in fragments of at most this long (see start). */
    private static final long FRAGMENT_MICROS = 500_000;

    private sealed interface Item {
    }

    private record Picture(ByteBuffer pixels, int width, int height, long micros) implements Item {
    }

    private record Sound(short[] samples, long micros) implements Item {
    }

    private record End() implements Item {
    }

    private final Path file;
    private final RecordingFormat format;
    private final int fps;
    private final boolean withPicture;
    private final boolean withSound;
    private final Consumer<String> onFailure;
    private final BlockingQueue<Item> queue = new LinkedBlockingQueue<>();
    private final BlockingQueue<ByteBuffer> spare = new ArrayBlockingQueue<>(PICTURES_QUEUED);
    private final AtomicInteger picturesQueued = new AtomicInteger();
    private final AtomicInteger soundQueued = new AtomicInteger();
    private final AtomicLong picturesDropped = new AtomicLong();
    private final Thread thread;
    private final long startNanos = System.nanoTime();
    private volatile boolean accepting = true;
    private FFmpegFrameRecorder recorder;
    private RecordingFile output;
    private long lastFrameNumber = -1;
    private long picturesWritten;
    private long soundFramesWritten;

    /**
     * Starts the recorder's thread; the file (which must exist and be writable) is written from the first picture.
     *
     * @param onFailure told, on the recorder's thread, why writing failed; the recording has stopped by then
     */
    public Recorder(String streamId, Path file, RecordingFormat format, int fps, boolean withPicture,
            boolean withSound, Consumer<String> onFailure) {
        this.file = file;
        this.format = format;
        this.fps = fps;
        this.withPicture = withPicture;
        this.withSound = withSound;
        this.onFailure = onFailure;
        this.thread = new Thread(this::run, "woperator-recorder-" + streamId);
        thread.setDaemon(true);
        thread.start();
    }

    public Path file() {
        return file;
    }

    /** Pictures left out because the recorder was behind. */
    public long picturesDropped() {
        return picturesDropped.get();
    }

    @Override
    public void picture(CapturedFrame frame) {
        if (!accepting || !withPicture) {
            return;
        }
        if (picturesQueued.incrementAndGet() > PICTURES_QUEUED) {
            picturesQueued.decrementAndGet();
            picturesDropped.incrementAndGet();
            return;
        }
        int bytes = frame.width() * frame.height() * 4;
        ByteBuffer copy = spare.poll();
        if (copy == null || copy.capacity() < bytes) {
            copy = ByteBuffer.allocateDirect(bytes);
        }
        ByteBuffer pixels = frame.pixels().duplicate();
        pixels.clear().limit(bytes);
        copy.clear();
        copy.put(pixels).flip();
        queue.add(new Picture(copy, frame.width(), frame.height(), elapsedMicros()));
    }

    @Override
    public void sound(byte[] block) {
        if (!accepting || !withSound) {
            return;
        }
        if (soundQueued.incrementAndGet() > SOUND_QUEUED) {
            soundQueued.decrementAndGet();
            return;
        }
        // as a short[]: FFmpeg is handed arrays or direct buffers, never a view of one
        short[] samples = new short[block.length / 2];
        ByteBuffer.wrap(block).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(samples);
        queue.add(new Sound(samples, elapsedMicros()));
    }

    /** Stops taking media, writes what is queued, closes the file; waits up to 10 s for it (not on its own thread). */
    public void stop() {
        accepting = false;
        queue.add(new End());
        if (Thread.currentThread() != thread) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private long elapsedMicros() {
        return (System.nanoTime() - startNanos) / 1000;
    }

    private void run() {
        String failure = null;
        try {
            while (true) {
                Item item = queue.take();
                if (item instanceof End) {
                    break;
                }
                if (failure == null) {
                    try {
                        write(item);
                        if (output != null && output.failure() != null) {
                            failure = "could not write " + file + ": " + output.failure().getMessage();
                        }
                    } catch (IOException | RuntimeException e) {
                        failure = "could not write " + file + ": " + e.getMessage();
                    }
                    if (failure != null) {
                        accepting = false;
                        break;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        failure = close(failure);
        queue.clear();
        if (failure != null) {
            LOG.error("Recording stopped: {}", failure);
            onFailure.accept(failure);
        } else {
            LOG.info("Recorded {} ({} s: {} pictures, {} s of sound; {} pictures dropped, the recorder behind)", file,
                    String.format(java.util.Locale.ROOT, "%.2f", elapsedMicros() / 1e6), picturesWritten,
                    String.format(java.util.Locale.ROOT, "%.2f", soundFramesWritten / (double) SAMPLE_RATE),
                    picturesDropped.get());
        }
    }

    private void write(Item item) throws IOException {
        if (item instanceof Picture picture) {
            picturesQueued.decrementAndGet();
            try {
                writePicture(picture);
            } finally {
                spare.offer(picture.pixels());
            }
        } else if (item instanceof Sound sound) {
            soundQueued.decrementAndGet();
            writeSound(sound);
        }
    }

    private void writePicture(Picture picture) throws IOException {
        open(picture.width(), picture.height());
        long frameNumber = Math.round(picture.micros() * (double) fps / 1_000_000);
        if (frameNumber <= lastFrameNumber) {
            return; // a newer picture within the same frame interval: the file has its rate
        }
        lastFrameNumber = frameNumber;
        recorder.setFrameNumber((int) frameNumber);
        recorder.recordImage(picture.width(), picture.height(), Frame.DEPTH_UBYTE, 4, picture.width() * 4,
                avutil.AV_PIX_FMT_BGR0, picture.pixels());
        picturesWritten++;
    }

    private void writeSound(Sound sound) throws IOException {
        if (withPicture && recorder == null) {
            return; // the file starts with its first picture
        }
        open(0, 0);
        if (soundFramesWritten == 0 && sound.micros() > 0) {
            // sound that starts late starts late in the file too, in step with the pictures
            int silent = (int) (sound.micros() * SAMPLE_RATE / 1_000_000) * CHANNELS;
            recorder.recordSamples(SAMPLE_RATE, CHANNELS, ShortBuffer.wrap(new short[silent]));
            soundFramesWritten += silent / CHANNELS;
        }
        soundFramesWritten += sound.samples().length / CHANNELS;
        recorder.recordSamples(SAMPLE_RATE, CHANNELS, ShortBuffer.wrap(sound.samples()));
    }

    private void open(int width, int height) throws IOException {
        if (recorder != null) {
            return;
        }
        output = new RecordingFile(file);
        // 4:2:0 wants even sizes; an odd screen is scaled by a pixel
        FFmpegFrameRecorder made = new FFmpegFrameRecorder(output, width & ~1, height & ~1,
                withSound ? CHANNELS : 0);
        made.setCloseOutputStream(true);
        made.setFormat(format.extension());
        if (withPicture) {
            made.setVideoCodecName(format.videoEncoder());
            made.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            made.setFrameRate(fps);
            made.setGopSize(fps * 2);
            made.setVideoBitrate(Math.max(500_000, Math.min(8_000_000, width * height * fps / 10)));
            made.setVideoOption("threads", "1"); // a spare core at most: the live encoders come first
            if (format == RecordingFormat.WEBM) {
                made.setVideoOption("deadline", "realtime");
                made.setVideoOption("cpu-used", "8");
            }
        }
        if (withSound) {
            made.setAudioCodecName(format.audioEncoder());
            made.setSampleRate(SAMPLE_RATE);
            made.setAudioChannels(CHANNELS);
            made.setAudioBitrate(128_000);
            if (format == RecordingFormat.WEBM) {
                // JavaCV hands the muxer audio packet durations unscaled (960 samples read as 960 ms), and Matroska
                // takes the file's length from the last packet: 2.5 ms Opus frames keep that error to 0.12 s
                made.setAudioOption("frame_duration", "2.5");
            }
        }
        if (format == RecordingFormat.MP4) {
            // fragments as it goes: a file cut short (a full disk, a crash) still plays up to where it stopped; a
            // fragment at least every half second, not only at each keyframe (every 2 s), so that at most that
            // much is lost, and a cut soon after the start still leaves a whole fragment
            made.setOption("movflags", "frag_keyframe+empty_moov+default_base_moof");
            made.setOption("frag_duration", String.valueOf(FRAGMENT_MICROS));
        }
        try {
            made.start();
        } catch (IOException | RuntimeException e) {
            // nothing is left open by an encoder or a file that would not start
            made.release();
            output.close();
            throw e;
        }
        recorder = made;
        LOG.info("Recording to {} ({}x{}, {})", file, width & ~1, height & ~1, format.extension());
    }

    /** Finishes the file; returns the failure so far, or the one closing met. */
    private String close(String failure) {
        if (recorder == null) {
            if (failure == null) {
                LOG.info("Nothing was captured while recording to {}: no file kept", file);
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    LOG.warn("Could not remove the empty {}: {}", file, e.getMessage());
                }
            }
            return failure;
        }
        try {
            recorder.stop();
            if (failure == null && output.failure() != null) {
                failure = "could not finish " + file + ": " + output.failure().getMessage();
            }
        } catch (FrameRecorder.Exception | RuntimeException e) {
            failure = failure != null ? failure : "could not finish " + file + ": " + e.getMessage();
        } finally {
            try {
                recorder.release();
            } catch (FrameRecorder.Exception e) {
                LOG.warn("Releasing the recorder of {}: {}", file, e.getMessage());
            }
        }
        return failure;
    }
}
