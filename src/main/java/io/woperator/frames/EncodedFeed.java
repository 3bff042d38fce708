package io.woperator.frames;

import dev.onvoid.webrtc.media.video.I420Buffer;
import dev.onvoid.webrtc.media.video.VideoFrame;
import dev.onvoid.webrtc.media.video.VideoFrameBuffer;
import io.woperator.config.VideoCodec;
import io.woperator.platform.RateLimiter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stream's pictures encoded once in one {@link Format} by an encoder of our own, for every viewer who takes them
 * outside RTP in that format (see {@link FrameChannel}): the browser shows such a picture the moment it
 * arrives, where RTP's would wait for the browser's decode clock. Encodes on a thread of its own while anyone takes
 * them, always the newest picture: one that arrives while the encoder is busy replaces the one waiting, so the
 * encoder never falls behind.
 */
public final class EncodedFeed {

    /**
     * What the pictures are made as: codec, bitrate aimed at, most pictures a second, and how much smaller than
     * captured (1: full size, 2: half each way).
     */
    public record Format(VideoCodec codec, int kbps, int fps, double scaleDown) {
        public Format {
            if (kbps < 1 || fps < 1 || scaleDown < 1) {
                throw new IllegalArgumentException("a picture format needs kbps >= 1, fps >= 1 and scaleDown >= 1");
            }
        }

        public Format withCodec(VideoCodec other) {
            return new Format(other, kbps, fps, scaleDown);
        }
    }

    /** Someone who takes the encoded pictures; called on the feed's thread, so it must not block. */
    public interface Sink {
        /** One picture, made in {@code format}. */
        void picture(Format format, FrameEncoder.Encoded picture);
    }

    private static final Logger LOG = LoggerFactory.getLogger(EncodedFeed.class);

    private final String name;
    private final Format format;
    private final List<Sink> sinks = new CopyOnWriteArrayList<>();
    /** The stream's totals, all formats together, which outlive this feed. */
    private final AtomicLong pictures;
    private final AtomicLong bytes;
    /** The newest picture not yet encoded (retained), or null. Guarded by this. */
    private VideoFrame waiting;
    private boolean keyframeWanted;
    private Thread encoding;

    /**
     * @param name     the stream's id, for the thread's name and the log
     * @param pictures counts the pictures encoded, and {@code bytes} their bytes
     */
    EncodedFeed(String name, Format format, AtomicLong pictures, AtomicLong bytes) {
        this.name = name;
        this.format = format;
        this.pictures = pictures;
        this.bytes = bytes;
    }

    public Format format() {
        return format;
    }

    /** {@code sink} takes every picture from the next keyframe on (one is made at once). */
    synchronized void subscribe(Sink sink) {
        sinks.add(sink);
        keyframeWanted = true;
        if (encoding == null) {
            encoding = new Thread(this::encodeUntilStopped, "woperator-frames-" + name + "-" + format.codec());
            encoding.setDaemon(true);
            encoding.start();
        }
    }

    /**
     * The encoding thread stops, and frees its encoder, when the last sink goes; not awaited, as this may be called
     * on libwebrtc's thread, which a picture being sent may be waiting for.
     */
    synchronized void unsubscribe(Sink sink) {
        if (sinks.remove(sink) && sinks.isEmpty() && encoding != null) {
            encoding = null;
            notifyAll();
        }
    }

    /** The next picture is made a keyframe: a viewer lost one, or its decoder started again. */
    public synchronized void requestKeyframe() {
        keyframeWanted = true;
    }

    /** Whether anyone takes pictures now: when no one does, {@link #offer} is not worth calling. */
    public boolean wanted() {
        return !sinks.isEmpty();
    }

    /** A picture as the video pipeline converted it; kept (retained) until encoded or replaced by a newer one. */
    public synchronized void offer(VideoFrame frame) {
        if (encoding == null) {
            return;
        }
        frame.retain();
        if (waiting != null) {
            waiting.release();
        }
        waiting = frame;
        notifyAll();
    }

    private void encodeUntilStopped() {
        // said here, not where the first viewer subscribes: that is libwebrtc's thread, "Thread-0" in the log
        LOG.info("Encoding {} pictures of stream {} ourselves, for viewers outside RTP: {} kbit/s, at most {} fps, "
                + "1/{} size", format.codec(), name, format.kbps(), format.fps(), format.scaleDown());
        Thread self = Thread.currentThread();
        FrameEncoder encoder = null;
        boolean failing = false;
        // the capture may run faster for others: pictures beyond the format's rate are left out, on average, as
        // pictures at the rate but unevenly spaced (a busy machine) must not be
        RateLimiter rate = new RateLimiter(format.fps(), 2);
        try {
            while (true) {
                VideoFrame frame;
                boolean keyframe;
                synchronized (this) {
                    while (waiting == null && encoding == self) {
                        wait();
                    }
                    if (encoding != self) {
                        return;
                    }
                    frame = waiting;
                    waiting = null;
                    if (!rate.tryAcquire()) {
                        frame.release();
                        continue;
                    }
                    keyframe = keyframeWanted;
                    keyframeWanted = false;
                }
                I420Buffer scaled = null;
                try {
                    I420Buffer i420 = (I420Buffer) frame.buffer;
                    if (format.scaleDown() > 1) {
                        scaled = scaled(i420);
                        i420 = scaled;
                    }
                    if (encoder == null || !encoder.fits(i420.getWidth(), i420.getHeight())) {
                        if (encoder != null) {
                            encoder.close();
                        }
                        encoder = new FrameEncoder(format.codec(), i420.getWidth(), i420.getHeight(), format.kbps(),
                                format.fps());
                        keyframe = true;
                    }
                    List<FrameEncoder.Encoded> encoded = encoder.encode(i420, keyframe);
                    synchronized (this) {
                        if (encoding != self) {
                            return; // stopped meanwhile: a newer thread may be serving new sinks
                        }
                    }
                    deliver(encoded);
                    failing = false;
                } catch (RuntimeException e) {
                    if (!failing) { // said once per failing spell, not per picture
                        LOG.warn("Our own {} encoder for stream {} failed; trying again with the next picture: {}",
                                format.codec(), name, e.getMessage());
                    }
                    failing = true;
                    if (encoder != null) {
                        encoder.close();
                        encoder = null;
                    }
                } finally {
                    if (scaled != null) {
                        scaled.release();
                    }
                    frame.release();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            synchronized (this) {
                if (waiting != null && encoding == null) {
                    waiting.release();
                    waiting = null;
                }
            }
            if (encoder != null) {
                encoder.close();
            }
        }
    }

    /** The picture made smaller by libyuv, to even sizes (I420's halves); the caller releases it. */
    private I420Buffer scaled(I420Buffer i420) {
        int width = Math.max(2, (int) Math.round(i420.getWidth() / format.scaleDown()) & ~1);
        int height = Math.max(2, (int) Math.round(i420.getHeight() / format.scaleDown()) & ~1);
        VideoFrameBuffer smaller = i420.cropAndScale(0, 0, i420.getWidth(), i420.getHeight(), width, height);
        I420Buffer result = smaller.toI420();
        if (result != smaller) {
            smaller.release();
        }
        return result;
    }

    private void deliver(List<FrameEncoder.Encoded> encoded) {
        for (FrameEncoder.Encoded picture : encoded) {
            pictures.incrementAndGet();
            bytes.addAndGet(picture.data().length);
            for (Sink sink : sinks) {
                sink.picture(format, picture);
            }
        }
    }
}
