package io.woperator.desktop;

import io.woperator.capture.CaptureException;
import io.woperator.capture.FFmpegLogging;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ShortBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.FrameRecorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One viewer's voice played into the virtual microphone's sink through FFmpeg's pulse output. Blocks arrive on
 * libwebrtc's audio thread and are handed to a writer thread of this stream's own, through a short queue: a
 * block that finds it full is dropped rather than delaying the voice.
 */
public final class MicrophoneStream implements AutoCloseable {

    static {
        FFmpegLogging.init();
    }

    private static final Logger LOG = LoggerFactory.getLogger(MicrophoneStream.class);
    /** 100 ms at 10 ms per block. */
    private static final int QUEUE_BLOCKS = 10;

    private record Block(short[] stereo, int sampleRate) {
    }

    private final FFmpegFrameRecorder recorder;
    private final BlockingQueue<Block> queue = new ArrayBlockingQueue<>(QUEUE_BLOCKS);
    private final LongAdder dropped = new LongAdder();
    private final LongAdder written = new LongAdder();
    private final Thread writer;
    private volatile boolean closed;

    private MicrophoneStream(FFmpegFrameRecorder recorder, String viewerId) {
        this.recorder = recorder;
        this.writer = new Thread(this::drain, "woperator-mic-" + viewerId);
        this.writer.setDaemon(true);
        this.writer.start();
    }

    static MicrophoneStream open(String sink, String viewerId) throws CaptureException {
        FFmpegFrameRecorder recorder = new FFmpegFrameRecorder("viewer " + viewerId, 2);
        recorder.setFormat("pulse");
        recorder.setSampleRate(48_000);
        recorder.setAudioCodec(avcodec.AV_CODEC_ID_PCM_S16LE);
        recorder.setOption("device", sink);
        recorder.setOption("name", "Woperator");
        try {
            recorder.start();
        } catch (FrameRecorder.Exception e) {
            try {
                recorder.release();
            } catch (FrameRecorder.Exception ignored) {
                // nothing more to release
            }
            throw new CaptureException("cannot play into the PulseAudio sink '" + sink + "': " + e.getMessage(), e);
        }
        return new MicrophoneStream(recorder, viewerId);
    }

    /** Queues one block of little-endian s16 PCM (mono or stereo); never blocks. */
    public void write(byte[] pcm, int sampleRate, int channels, int frames) {
        if (closed || channels < 1) {
            return;
        }
        ShortBuffer in = ByteBuffer.wrap(pcm, 0, frames * channels * 2).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer();
        // Stereo here, because JavaCV's own channel conversion garbles each short block (a 100 Hz buzz)
        short[] stereo = new short[frames * 2];
        for (int i = 0; i < frames; i++) {
            stereo[2 * i] = in.get(i * channels);
            stereo[2 * i + 1] = in.get(i * channels + (channels > 1 ? 1 : 0));
        }
        if (!queue.offer(new Block(stereo, sampleRate))) {
            dropped.increment();
        }
    }

    private void drain() {
        try {
            while (!closed) {
                Block block = queue.poll(200, TimeUnit.MILLISECONDS);
                if (block != null) {
                    recorder.recordSamples(block.sampleRate(), 2, ShortBuffer.wrap(block.stereo()));
                    written.increment();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (FrameRecorder.Exception e) {
            LOG.warn("The virtual microphone stopped taking sound: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            writer.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            recorder.close();
        } catch (FrameRecorder.Exception e) {
            LOG.debug("Closing the microphone stream: {}", e.getMessage());
        }
        LOG.info("Microphone stream closed: {} blocks of 10 ms played, {} dropped because PulseAudio fell behind",
                written.sum(), dropped.sum());
    }
}
