package io.woperator.frames;

import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCDataChannelBuffer;
import dev.onvoid.webrtc.RTCDataChannelObserver;
import io.woperator.config.VideoCodec;
import io.woperator.platform.LogBudget;
import io.woperator.platform.NativeGuard;
import io.woperator.protocol.FramesMessage;
import io.woperator.protocol.JsonCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One viewer's data channel "frames" (see {@link FramesMessage}): when the viewer asks, the stream's pictures come
 * to it here, encoded once for all such viewers by an {@link EncodedFeed}, instead of by RTP, whose encoder for
 * this viewer pauses meanwhile. A browser shows a picture from here the moment it arrives: RTP's wait for the
 * browser's decode clock, since our sender cannot announce a zero playout delay. When the viewer's link cannot
 * take the pictures as fast as they come, the ones that do not fit are left out, and the next it gets is a
 * keyframe; a link that keeps filling up is sent back to RTP ({@link PictureGate}).
 */
public final class FrameChannel implements EncodedFeed.Sink {

    private static final Logger LOG = LoggerFactory.getLogger(FrameChannel.class);
    /** For all viewers together: a viewer sending nonsense here costs a few lines a minute, not one each. */
    private static final LogBudget BAD_MESSAGES = new LogBudget(LOG, "bad messages on viewers' frames channels", 10);
    /** Pieces stay well under every browser's largest data-channel message (256 KiB in Chromium, 64 KiB safe). */
    static final int PIECE_BYTES = 60 * 1024;
    static final int HEADER_BYTES = 12;
    static final int FLAG_KEYFRAME = 1;
    static final int FLAG_LAST_PIECE = 2;
    /** Bytes queued for the viewer beyond which a picture is left out: about a quarter second at 4 Mbit/s. */
    private static final long MOST_QUEUED_BYTES = 128 * 1024;

    private final RTCDataChannel channel;
    private final EncodedFeeds feeds;
    /** The most this channel's pictures aim at, whatever the viewer's bitrate ceiling (which RTP adapts below). */
    private final int mostKbps;
    private final JsonCodec<FramesMessage> messages = new JsonCodec<>(FramesMessage.class);
    /** Turns this viewer's RTP picture on (true) or off (false). */
    private volatile Consumer<Boolean> rtpPicture;
    /** The format this viewer's settings ask for (its codec from its start). Guarded by this. */
    private EncodedFeed.Format format;
    /** The feed this viewer takes pictures from now, or null. Guarded by this. */
    private EncodedFeed feed;
    /** Whether the viewer takes pictures here (it started and did not stop). Guarded by this. */
    private boolean taking;
    private final PictureGate gate = new PictureGate(MOST_QUEUED_BYTES, System::nanoTime);
    private int pictureNumber;
    /** Bytes of pictures handed to the channel, pieces' headers included, and the keyframes among them. */
    private final AtomicLong bytesSent = new AtomicLong();
    private final AtomicLong keyframesSent = new AtomicLong();
    private boolean closed;
    /** Every use of the channel passes it, so that {@link #close} never frees the channel under one. */
    private final NativeGuard nativeUse = new NativeGuard();

    /**
     * @param defaults the format a viewer gets until its settings say otherwise (its codec: when its start names
     *                 none); its bitrate is the most any viewer gets here
     */
    public FrameChannel(RTCDataChannel channel, EncodedFeeds feeds, EncodedFeed.Format defaults,
            Consumer<Boolean> rtpPicture) {
        this.channel = channel;
        this.feeds = feeds;
        this.format = defaults;
        this.mostKbps = defaults.kbps();
        this.rtpPicture = rtpPicture;
        channel.registerObserver(observer(this));
    }

    /** Made in a static method: webrtc-java keeps an observer after it is unregistered, so it holds little. */
    private static RTCDataChannelObserver observer(FrameChannel target) {
        return new RTCDataChannelObserver() {
            @Override
            public void onBufferedAmountChange(long previousAmount) {
                // pictures are left out when too much is queued, never waited for
            }

            @Override
            public void onStateChange() {
                // the viewer speaks first
            }

            @Override
            public void onMessage(RTCDataChannelBuffer buffer) {
                if (!buffer.binary) {
                    target.received(StandardCharsets.UTF_8.decode(buffer.data).toString());
                }
            }
        };
    }

    private void received(String text) {
        FramesMessage message;
        try {
            message = messages.decode(text);
        } catch (JsonCodec.DecodeException e) {
            BAD_MESSAGES.note(() -> LOG.warn("A viewer sent a message the frames channel does not know, ignored: {}",
                    e.getMessage()));
            return;
        }
        if (!(message instanceof FramesMessage.FromViewer said)) {
            BAD_MESSAGES.note(() -> LOG.warn("A viewer sent '{}' on the frames channel, which only the server sends; "
                    + "ignored", text));
            return;
        }
        said.handledBy(new FramesMessage.FromViewer.Handler() {
            @Override
            public void start(FramesMessage.Start start) {
                FrameChannel.this.start(start.codec());
            }

            @Override
            public void keyframe(FramesMessage.Keyframe keyframe) {
                EncodedFeed current = currentFeed();
                if (current != null && gate.mayAskKeyframe()) {
                    current.requestKeyframe();
                }
            }

            @Override
            public void stop(FramesMessage.Stop stop) {
                FrameChannel.this.stop();
            }
        });
    }

    private void start(String codecName) {
        VideoCodec codec;
        try {
            codec = codecName == null ? null : VideoCodec.parse(codecName);
        } catch (IllegalArgumentException e) {
            send(messages.encode(new FramesMessage.Refused(e.getMessage())));
            return;
        }
        EncodedFeed.Format wanted;
        synchronized (this) {
            wanted = codec == null ? format : format.withCodec(codec);
        }
        if (!subscribe(wanted)) {
            return;
        }
        setRtpPicture(false);
    }

    /**
     * The viewer's settings changed (the same that bound its RTP encoding): a viewer taking pictures here gets them
     * in the new format from the next keyframe on.
     */
    public void setEncoding(int maxKbps, int fps, double scaleDown) {
        EncodedFeed.Format wanted;
        boolean takingNow;
        synchronized (this) {
            format = new EncodedFeed.Format(format.codec(), Math.min(maxKbps, mostKbps), fps, scaleDown);
            wanted = format;
            takingNow = taking;
        }
        if (takingNow) {
            subscribe(wanted);
        }
    }

    /** Takes pictures from the feed of {@code wanted}, leaving the one before; false when refused or closed. */
    private boolean subscribe(EncodedFeed.Format wanted) {
        String refusal = EncodedFeeds.refusal(wanted.codec());
        if (refusal != null) {
            send(messages.encode(new FramesMessage.Refused(refusal)));
            return false;
        }
        EncodedFeed previous;
        synchronized (this) {
            if (closed) {
                return false;
            }
            if (feed != null && feed.format().equals(wanted)) {
                format = wanted;
                return true;
            }
            previous = feed;
            // this format's pictures are this viewer's from now on, the new feed's first keyframe included
            format = wanted;
            taking = true;
            pictureNumber = 0;
        }
        gate.restart();
        EncodedFeed next = feeds.subscribe(wanted, this);
        boolean kept;
        synchronized (this) {
            kept = !closed;
            if (kept) {
                feed = next;
            }
        }
        feeds.unsubscribe(kept ? previous : next, this);
        return kept;
    }

    private void stop() {
        EncodedFeed previous;
        synchronized (this) {
            previous = feed;
            feed = null;
            taking = false;
        }
        if (previous != null) {
            feeds.unsubscribe(previous, this);
            setRtpPicture(true);
        }
    }

    private synchronized EncodedFeed currentFeed() {
        return feed;
    }

    private void setRtpPicture(boolean on) {
        Consumer<Boolean> switcher = rtpPicture;
        if (switcher != null) {
            switcher.accept(on);
        }
    }

    /** On the feed's thread: one encoded picture, sent in pieces, or left out when the link is full. */
    @Override
    public void picture(EncodedFeed.Format made, FrameEncoder.Encoded picture) {
        if (!nativeUse.enter()) {
            return;
        }
        try {
            sendPicture(made, picture);
        } finally {
            nativeUse.leave();
        }
    }

    private void sendPicture(EncodedFeed.Format made, FrameEncoder.Encoded picture) {
        int number;
        synchronized (this) {
            // a picture of the feed this viewer is leaving is not its own any more
            if (closed || !taking || !made.equals(format)) {
                return;
            }
        }
        PictureGate.Verdict verdict = gate.pass(picture.keyframe(), channel.getBufferedAmount());
        if (verdict == PictureGate.Verdict.GIVE_UP) {
            LOG.info("A viewer's link filled up {} times within {} s: its pictures go by RTP again, which adapts to it",
                    PictureGate.MOST_FULL_LINKS, PictureGate.FULL_LINK_WINDOW_NANOS / 1_000_000_000L);
            send(messages.encode(new FramesMessage.Refused("the link cannot carry the pictures outside RTP, "
                    + "whose bitrate does not adapt: back to RTP")));
            stop();
            return;
        }
        if (verdict != PictureGate.Verdict.SEND) {
            EncodedFeed current = currentFeed();
            if (verdict == PictureGate.Verdict.LEAVE_OUT_AND_ASK_KEYFRAME && current != null) {
                current.requestKeyframe();
            }
            return;
        }
        synchronized (this) {
            number = ++pictureNumber;
        }
        for (ByteBuffer piece : pieces(picture.data(), picture.keyframe(), made.codec(), number)) {
            if (!sendBinary(piece)) {
                return;
            }
        }
        if (picture.keyframe()) {
            keyframesSent.incrementAndGet();
        }
    }

    /** Bytes of pictures sent to this viewer so far; they count towards its stream's video bytes sent. */
    public long bytesSent() {
        return bytesSent.get();
    }

    /** The bitrate the viewer's pictures here are encoded at, while it takes them here; else 0. */
    public synchronized int takingKbps() {
        return taking ? format.kbps() : 0;
    }

    /** Keyframes sent to this viewer so far. */
    public long keyframesSent() {
        return keyframesSent.get();
    }

    /** One picture as the binary messages that carry it (the layout is {@link FramesMessage}'s). */
    static List<ByteBuffer> pieces(byte[] data, boolean keyframe, VideoCodec codec, int number) {
        List<ByteBuffer> pieces = new ArrayList<>(data.length / PIECE_BYTES + 1);
        int offset = 0;
        do {
            int length = Math.min(PIECE_BYTES, data.length - offset);
            boolean last = offset + length >= data.length;
            ByteBuffer piece = ByteBuffer.allocate(HEADER_BYTES + length);
            piece.put((byte) ((keyframe ? FLAG_KEYFRAME : 0) | (last ? FLAG_LAST_PIECE : 0)));
            piece.put((byte) codecNumber(codec));
            piece.putShort((short) 0);
            piece.putInt(number);
            piece.putInt(data.length);
            piece.put(data, offset, length);
            pieces.add(piece.flip());
            offset += length;
        } while (offset < data.length);
        return pieces;
    }

    static int codecNumber(VideoCodec codec) {
        return switch (codec) {
            case VP8 -> 0;
            case VP9 -> 1;
            case H264 -> 2;
            case AV1 -> 3;
        };
    }

    private boolean sendBinary(ByteBuffer piece) {
        try {
            int bytes = piece.remaining();
            channel.send(new RTCDataChannelBuffer(piece, true));
            bytesSent.addAndGet(bytes);
            return true;
        } catch (Exception e) {
            return false; // a closing channel: the viewer is going away
        }
    }

    private void send(String text) {
        if (!nativeUse.enter()) {
            return;
        }
        try {
            channel.send(new RTCDataChannelBuffer(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), false));
        } catch (Exception e) {
            // a closing channel: the viewer is going away
        } finally {
            nativeUse.leave();
        }
    }

    /** Stops taking pictures and frees the channel; called once, when the viewer's connection closes. */
    public void close() {
        EncodedFeed previous;
        synchronized (this) {
            closed = true;
            taking = false;
            previous = feed;
            feed = null;
        }
        rtpPicture = null;
        if (previous != null) {
            feeds.unsubscribe(previous, this);
        }
        nativeUse.close(() -> {
            channel.unregisterObserver();
            channel.close();
            try {
                channel.dispose();
            } catch (Throwable e) { // java.lang.Error while libwebrtc still holds a reference; the channel is closed
                // nothing more to free from here
            }
        });
    }
}
