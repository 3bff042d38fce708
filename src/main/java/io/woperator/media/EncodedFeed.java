package io.woperator.media;

import dev.onvoid.webrtc.media.video.I420Buffer;
import dev.onvoid.webrtc.media.video.VideoFrame;
import io.woperator.config.VideoCodec;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stream's pictures encoded once in one codec by an encoder of our own, for every viewer who takes them outside
 * RTP (see {@code rtc.FrameChannel}): the browser shows such a picture the moment it arrives, where RTP's would wait
 * for the browser's decode clock. Encodes on a thread of its own while anyone takes them, always the newest
 * picture: one that arrives while the encoder is busy replaces the one waiting, so the encoder never falls behind.
 */
public final class EncodedFeed {

    /** Someone who takes the encoded pictures; called on the feed's thread, so it must not block. */
    public interface Sink {
        void picture(FrameEncoder.Encoded picture);
    }

    private static final Logger LOG = LoggerFactory.getLogger(EncodedFeed.class);

    private final String name;
    private final VideoCodec codec;
    private final int kbps;
    private final int fps;
    private final List<Sink> sinks = new CopyOnWriteArrayList<>();
    private final AtomicLong pictures = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    /** The newest picture not yet encoded (retained), or null. Guarded by this. */
    private VideoFrame waiting;
    private boolean keyframeWanted;
    private Thread encoding;

    /** @param name the stream's id, for the thread's name and the log */
    EncodedFeed(String name, VideoCodec codec, int kbps, int fps) {
        this.name = name;
        this.codec = codec;
        this.kbps = kbps;
        this.fps = fps;
    }

    public VideoCodec codec() {
        return codec;
    }

    /** Pictures encoded, and their bytes, since the server started. */
    public long picturesEncoded() {
        return pictures.get();
    }

    public long bytesEncoded() {
        return bytes.get();
    }

    /** {@code sink} takes every picture from the next keyframe on (one is made at once). */
    public synchronized void subscribe(Sink sink) {
        sinks.add(sink);
        keyframeWanted = true;
        if (encoding == null) {
            encoding = new Thread(this::encodeUntilStopped, "woperator-frames-" + name + "-" + codec);
            encoding.setDaemon(true);
            encoding.start();
            LOG.info("Encoding {} pictures of stream {} ourselves, for viewers outside RTP", codec, name);
        }
    }

    /**
     * The encoding thread stops, and frees its encoder, when the last sink goes; not awaited, as this may be called
     * on libwebrtc's thread, which a picture being sent may be waiting for.
     */
    public synchronized void unsubscribe(Sink sink) {
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
        Thread self = Thread.currentThread();
        FrameEncoder encoder = null;
        boolean failing = false;
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
                    keyframe = keyframeWanted;
                    keyframeWanted = false;
                }
                try {
                    I420Buffer i420 = (I420Buffer) frame.buffer;
                    if (encoder == null || !encoder.fits(i420.getWidth(), i420.getHeight())) {
                        if (encoder != null) {
                            encoder.close();
                        }
                        encoder = new FrameEncoder(codec, i420.getWidth(), i420.getHeight(), kbps, fps);
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
                                codec, name, e.getMessage());
                    }
                    failing = true;
                    if (encoder != null) {
                        encoder.close();
                        encoder = null;
                    }
                } finally {
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

    private void deliver(List<FrameEncoder.Encoded> encoded) {
        for (FrameEncoder.Encoded picture : encoded) {
            pictures.incrementAndGet();
            bytes.addAndGet(picture.data().length);
            for (Sink sink : sinks) {
                sink.picture(picture);
            }
        }
    }
}
