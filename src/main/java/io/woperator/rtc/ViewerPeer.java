package io.woperator.rtc;

import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCDataChannelBuffer;
import dev.onvoid.webrtc.RTCDataChannelObserver;
import dev.onvoid.webrtc.RTCDataChannelState;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCPeerConnectionState;
import dev.onvoid.webrtc.RTCRtpCodecCapability;
import dev.onvoid.webrtc.RTCRtpEncodingParameters;
import dev.onvoid.webrtc.RTCRtpSendParameters;
import dev.onvoid.webrtc.RTCRtpSender;
import dev.onvoid.webrtc.RTCRtpTransceiver;
import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.RTCStats;
import dev.onvoid.webrtc.RTCStatsReport;
import dev.onvoid.webrtc.RTCStatsType;
import io.woperator.config.Settings;
import io.woperator.config.VideoCodec;
import io.woperator.frames.FrameChannel;
import io.woperator.platform.NativeGuard;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One viewer's PeerConnection: the server offers a stream's picture and sound, the browser answers.
 * Its owner calls it from one thread at a time, but not only its owner: the stats reader, the desktop's cursor and
 * clipboard, and the frames channel (which turns the RTP picture on and off) call from theirs. {@link #close}
 * frees the native objects once the calls under way have ended; a call that comes later is not made.
 */
public final class ViewerPeer implements StreamPeer {

    private final RTCPeerConnection connection;
    private final Settings.Bitrates bitrates;
    private final RemoteCandidates remoteCandidates;
    private final RTCDataChannel input;
    /** Null for a stream of sound only. */
    private final RTCRtpTransceiver video;
    private final Function<VideoCodec, List<RTCRtpCodecCapability>> codecOrder;
    /** The viewer's data channel "frames", or null for a stream of sound only. */
    private final FrameChannel frames;
    /** The encoder's totals at the last stats reading, for per-frame figures between readings. */
    private double lastEncodeSeconds;
    private long lastFramesEncoded;
    /** What the native side calls back, cut loose on closing (see {@link DetachablePeerEvents}). */
    private final DetachablePeerEvents events;
    /** Closes the connection, frees its native object and counts it; called once. */
    private final Consumer<RTCPeerConnection> closer;
    /** Every call on the native objects passes it, so that {@link #close} never frees them under one. */
    private final NativeGuard nativeUse = new NativeGuard();

    ViewerPeer(RTCPeerConnection connection, Settings.Bitrates bitrates, RTCDataChannel input,
            DetachablePeerEvents events, RTCRtpTransceiver video, Function<ViewerPeer, FrameChannel> frames,
            Function<VideoCodec, List<RTCRtpCodecCapability>> codecOrder, Consumer<RTCPeerConnection> closer) {
        this.connection = connection;
        this.closer = closer;
        this.events = events;
        this.bitrates = bitrates;
        this.remoteCandidates = new RemoteCandidates(connection, nativeUse);
        this.input = input;
        this.video = video;
        this.codecOrder = codecOrder;
        input.registerObserver(inputObserver(input, events));
        this.frames = frames == null ? null : frames.apply(this);
    }

    /**
     * What the data channel calls back, made in a static method: webrtc-java keeps an observer after it is
     * unregistered, and one made in the constructor would keep this whole peer with it.
     */
    private static RTCDataChannelObserver inputObserver(RTCDataChannel input, DetachablePeerEvents events) {
        return new RTCDataChannelObserver() {
            @Override
            public void onBufferedAmountChange(long previousAmount) {
                // nothing is sent in bulk
            }

            @Override
            public void onStateChange() {
                if (input.getState() == RTCDataChannelState.OPEN) {
                    events.onInputOpen();
                }
            }

            @Override
            public void onMessage(RTCDataChannelBuffer buffer) {
                if (!buffer.binary) {
                    events.onInput(StandardCharsets.UTF_8.decode(buffer.data).toString());
                }
            }
        };
    }

    /** Sends a text message on the data channel, if it is open; may be called from any thread. */
    @Override
    public void sendOnDataChannel(String text) {
        if (!nativeUse.enter()) {
            return;
        }
        try {
            if (input.getState() == RTCDataChannelState.OPEN) {
                input.send(new RTCDataChannelBuffer(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), false));
            }
        } catch (Exception e) {
            // a closing channel: the viewer is going away
        } finally {
            nativeUse.leave();
        }
    }

    /**
     * Offers {@code codec} first from the next offer on; the codec changes once the viewer has answered it.
     *
     * @throws IllegalStateException when this libwebrtc cannot send it
     */
    @Override
    public void preferCodec(VideoCodec codec) {
        if (video == null) {
            throw new IllegalStateException("this stream has no picture");
        }
        if (!nativeUse.enter()) {
            return;
        }
        try {
            video.setCodecPreferences(codecOrder.apply(codec));
        } finally {
            nativeUse.leave();
        }
    }

    /**
     * Changes the running video encoding at once, without renegotiation: its bitrate ceiling, frame rate and how
     * much smaller than the screen the picture is sent; on the data channel "frames" too.
     */
    @Override
    public synchronized void setEncoding(int maxKbps, int fps, double scaleDown) throws PeerException {
        if (video == null) {
            throw new PeerException("this stream has no picture");
        }
        if (!nativeUse.enter()) {
            throw new PeerException("the viewer's connection is closed");
        }
        try {
            RTCRtpSender sender = video.getSender();
            RTCRtpSendParameters parameters = sender.getParameters();
            if (parameters.encodings == null || parameters.encodings.isEmpty()) {
                throw new PeerException("the video sender has no encoding to change");
            }
            for (RTCRtpEncodingParameters encoding : parameters.encodings) {
                encoding.maxBitrate = maxKbps * 1000;
                encoding.minBitrate = Math.min(bitrates.minKbps(), maxKbps) * 1000;
                encoding.maxFramerate = (double) fps;
                encoding.scaleResolutionDownBy = scaleDown;
            }
            sender.setParameters(parameters);
        } catch (RuntimeException e) {
            throw new PeerException("libwebrtc refused the encoding: " + e.getMessage());
        } finally {
            nativeUse.leave();
        }
        if (frames != null) {
            frames.setEncoding(maxKbps, fps, scaleDown);
        }
    }

    /**
     * Turns the RTP picture on or off: off while the viewer takes it on the data channel "frames", so that only
     * one encoder works for it. Called on libwebrtc's thread, or the feed's when the viewer's link gave up.
     */
    synchronized void sendRtpPicture(boolean on) {
        if (!nativeUse.enter()) {
            return; // closing: nothing to switch
        }
        try {
            RTCRtpSender sender = video.getSender();
            RTCRtpSendParameters parameters = sender.getParameters();
            if (parameters.encodings == null) {
                return;
            }
            for (RTCRtpEncodingParameters encoding : parameters.encodings) {
                encoding.active = on;
            }
            sender.setParameters(parameters);
        } catch (RuntimeException e) {
            // a connection that libwebrtc is closing: nothing to switch
        } finally {
            nativeUse.leave();
        }
    }

    /** Reads what the video encoder is doing now; {@code result} is called on a libwebrtc thread. */
    @Override
    public void senderStats(Consumer<SenderStats> result) {
        if (!nativeUse.enter()) {
            return;
        }
        try {
            connection.getStats(report -> statsRead(report, result));
        } finally {
            nativeUse.leave();
        }
    }

    private void statsRead(RTCStatsReport report, Consumer<SenderStats> result) {
        Map<String, Object> sent = null;
        Map<String, Object> received = null;
        Double iceRoundTrip = null;
        for (RTCStats stats : report.getStats().values()) {
            Map<String, Object> m = stats.getAttributes();
            if ("video".equals(m.get("kind")) && stats.getType() == RTCStatsType.OUTBOUND_RTP) {
                sent = m;
            } else if ("video".equals(m.get("kind")) && stats.getType() == RTCStatsType.REMOTE_INBOUND_RTP) {
                received = m;
            } else if (stats.getType() == RTCStatsType.CANDIDATE_PAIR && Boolean.TRUE.equals(m.get("nominated"))
                    && m.get("currentRoundTripTime") instanceof Number rtt) {
                iceRoundTrip = rtt.doubleValue();
            }
        }
        if (sent != null) {
            result.accept(senderStats(sent, received == null ? Map.of() : received, iceRoundTrip));
        }
    }

    /** iceRoundTrip: ICE's, for when RTP's receiver reports say none (the picture on the data channel pauses RTP). */
    private synchronized SenderStats senderStats(Map<String, Object> m, Map<String, Object> received,
            Double iceRoundTrip) {
        double encodeSeconds = number(m.get("totalEncodeTime"));
        long framesEncoded = (long) number(m.get("framesEncoded"));
        long encoded = framesEncoded - lastFramesEncoded;
        double encodeMs = encoded > 0 ? (encodeSeconds - lastEncodeSeconds) * 1000 / encoded : 0;
        lastEncodeSeconds = encodeSeconds;
        lastFramesEncoded = framesEncoded;
        // on the data channel the picture's bitrate is our encoder's, and no congestion control holds it back
        int channelKbps = frames == null ? 0 : frames.takingKbps();
        return new SenderStats(channelKbps > 0 ? channelKbps : number(m.get("targetBitrate")) / 1000,
                number(m.get("framesPerSecond")), (int) number(m.get("frameWidth")), (int) number(m.get("frameHeight")),
                encodeMs, channelKbps > 0 ? "none" : String.valueOf(m.getOrDefault("qualityLimitationReason", "none")),
                String.valueOf(m.getOrDefault("encoderImplementation", "")),
                (long) number(m.get("bytesSent")) + (frames == null ? 0 : frames.bytesSent()),
                (long) number(m.get("keyFramesEncoded")) + (frames == null ? 0 : frames.keyframesSent()),
                received.get("roundTripTime") instanceof Number rtt ? rtt.doubleValue() : iceRoundTrip,
                (long) number(received.get("packetsLost")));
    }

    private static double number(Object value) {
        return value instanceof Number n ? n.doubleValue() : 0;
    }

    /** Observer that forwards libwebrtc's callbacks to {@link PeerEvents}. */
    static PeerConnectionObserver observer(PeerEvents events) {
        return new PeerConnectionObserver() {
            @Override
            public void onIceCandidate(RTCIceCandidate candidate) {
                events.onLocalCandidate(candidate);
            }

            @Override
            public void onConnectionChange(RTCPeerConnectionState state) {
                events.onConnectionState(state);
            }
        };
    }

    /** Creates the offer and sets it as the local description; completes with its SDP. */
    @Override
    public CompletableFuture<String> createOffer() {
        // the owner's thread, which closes too: not guarded, as libwebrtc may complete it before returning, on
        // its own thread, and a stage after it that closes would then wait for this call
        if (nativeUse.closing()) {
            return CompletableFuture.failedFuture(new PeerException("the viewer's connection is closed"));
        }
        return SessionDescriptions.createLocal(connection, RTCSdpType.OFFER);
    }

    /** Applies the browser's answer, tuned (see {@link AnswerTuning}); completes when libwebrtc accepted it. */
    @Override
    public CompletableFuture<Void> applyAnswer(String sdp) {
        if (nativeUse.closing()) { // as createOffer
            return CompletableFuture.failedFuture(new PeerException("the viewer's connection is closed"));
        }
        return SessionDescriptions.setRemote(connection, RTCSdpType.ANSWER, AnswerTuning.apply(sdp, bitrates));
    }

    /**
     * Call once {@link #applyAnswer} has completed: releases the candidates that came early.
     *
     * @return how many of them libwebrtc refused
     */
    @Override
    public int remoteDescriptionApplied() {
        return remoteCandidates.release();
    }

    @Override
    public void addRemoteCandidate(RTCIceCandidate candidate) throws PeerException {
        remoteCandidates.add(candidate);
    }

    /**
     * Detaches the shared tracks, then closes. A sender left holding a track would keep it alive for as long as the
     * native sender lives, which webrtc-java never frees.
     */
    @Override
    public void close() {
        boolean closedNow = nativeUse.close(() -> {
            remoteCandidates.clear();
            if (frames != null) {
                frames.close();
            }
            input.unregisterObserver();
            input.close();
            try {
                input.dispose();
            } catch (Throwable e) { // java.lang.Error while libwebrtc still holds a reference; the channel is closed
                // nothing more to free from here
            }
            StreamTracks.detachFrom(connection);
            closer.accept(connection);
        });
        if (closedNow) {
            events.detach();
        }
    }
}
