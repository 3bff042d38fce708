package io.woperator.signaling;

import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCPeerConnectionState;
import io.woperator.config.Role;
import io.woperator.config.VideoCodec;
import io.woperator.desktop.CursorImage;
import io.woperator.desktop.DesktopClipboard;
import io.woperator.rtc.MicrophonePeer;
import io.woperator.rtc.NatAddress;
import io.woperator.rtc.PeerEvents;
import io.woperator.rtc.RemoteAudioOutput;
import io.woperator.rtc.RtcEngine;
import io.woperator.rtc.ViewerPeer;
import io.woperator.session.CaptureRate;
import io.woperator.session.ControlSeat;
import io.woperator.session.Viewer;
import io.woperator.session.ViewerRegistry;
import io.woperator.stream.Stream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One viewer of one stream: its signaling state (offer sent, answer applied, candidates both ways), its
 * microphone, its part in the stream's control seat, its quality. Everything happens on the
 * viewer's own {@link SerialExecutor}, in arrival order. Local candidates found before the offer has gone out wait
 * for it; bad messages are answered with an error, and too many of them end the session.
 */
final class ViewerSession implements Viewer, PeerEvents {

    private static final Logger LOG = LoggerFactory.getLogger(ViewerSession.class);
    /** Bad messages tolerated before the viewer is disconnected for abuse. */
    static final int MAX_STRIKES = 20;
    /** A quality change can reopen the shared capture: a person needs a few a second at most. */
    private final RateLimiter qualityChanges = new RateLimiter(2, 5);

    private final String id;
    private final Role role;
    private final ViewerChannel channel;
    private final SerialExecutor serial;
    private final MessageCodec codec;
    private final RtcEngine rtc;
    private final Stream stream;
    private final ViewerRegistry registry;
    private final SignalMessage.Welcome welcome;
    private final RemoteAudioOutput.Opener microphones;
    /** Null without a display to send input to. */
    private final InputChannel input;
    /** Put in the server's host candidates behind a 1:1 NAT; null otherwise. */
    private final String natPublicIp;
    private final CaptureRate captureRate;
    private final ScheduledExecutorService timer;
    private final List<SignalMessage.Candidate> candidatesBeforeOffer = new ArrayList<>();
    /** The stream's quality now: codec, bitrate ceiling, frame rate, scale. */
    private SignalMessage.Quality quality;
    private ScheduledFuture<?> statsTask;
    private final CompletableFuture<Void> closedFuture = new CompletableFuture<>();
    private ViewerPeer peer;
    private boolean offerSent;
    private boolean answerInFlight;
    private boolean answered;
    private MicrophonePeer microphone;
    private boolean microphoneAnswered;
    private final List<SignalMessage.Candidate> microphoneCandidatesBeforeAnswer = new ArrayList<>();
    private boolean closed;
    private boolean joined;
    private boolean inControl;
    private int strikes;

    ViewerSession(String id, Role role, ViewerChannel channel, SessionContext context, Stream stream,
            SignalMessage.Welcome welcome) {
        this.id = id;
        this.role = role;
        this.channel = channel;
        this.serial = new SerialExecutor(context.pool());
        this.codec = context.codec();
        this.rtc = context.rtc();
        this.stream = stream;
        this.registry = stream.viewers();
        this.welcome = welcome;
        this.microphones = context.microphones();
        this.input = stream.desktop() == null ? null : new InputChannel(id, codec, stream.desktop(), registry);
        this.natPublicIp = context.natPublicIp();
        SignalMessage.Quality defaults = context.defaultQuality();
        this.quality = new SignalMessage.Quality(defaults.codec(), defaults.maxBitrateKbps(), stream.fps(),
                defaults.scale());
        this.captureRate = stream.captureRate();
        this.timer = context.timer();
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Role role() {
        return role;
    }

    /** The socket is open: greet the viewer (or turn it away when the server is full) and send the offer. */
    void open() {
        serial.execute(() -> {
            if (closed) {
                return;
            }
            switch (registry.join(this)) {
                case FULL -> {
                    send(new SignalMessage.Error(ErrorCode.TOO_MANY_VIEWERS.wireName(),
                            "this desktop has as many viewers as it allows; try again later"));
                    end(1013, "too many viewers");
                    return;
                }
                case CLOSED -> {
                    send(new SignalMessage.Error(ErrorCode.STREAM_STOPPED.wireName(),
                            "the stream '" + stream.id() + "' is stopped"));
                    end(1013, "stream stopped");
                    return;
                }
                case JOINED -> { }
            }
            joined = true;
            captureRate.request(id, quality.fps());
            send(welcome);
            send(quality);
            try {
                peer = rtc.createPeer(stream.tracks(), this, welcome.iceServers());
            } catch (RuntimeException e) {
                LOG.error("Viewer {}: could not create a peer connection", id, e);
                send(new SignalMessage.Error(ErrorCode.INTERNAL.wireName(), "the server could not set up the stream"));
                end(1011, "internal error");
                return;
            }
            peer.createOffer().whenComplete((sdp, error) -> serial.execute(() -> offerReady(sdp, error)));
        });
    }

    void receive(String text) {
        serial.execute(() -> {
            if (closed) {
                return;
            }
            try {
                handle(codec.decode(text));
            } catch (ProtocolException e) {
                reject(e);
            }
        });
    }

    /** A message over the size limit: answered, and the viewer is disconnected (1009, as RFC 6455 says). */
    void tooLarge(int length, int limit) {
        serial.execute(() -> {
            if (closed) {
                return;
            }
            String reason = "message of " + length + " characters exceeds the limit of " + limit;
            LOG.warn("Viewer {} ({}): {}: {}", id, channel.remote(), ErrorCode.MESSAGE_TOO_LARGE.wireName(), reason);
            send(new SignalMessage.Error(ErrorCode.MESSAGE_TOO_LARGE.wireName(), reason));
            end(1009, "message too large");
        });
    }

    void receiveBinary() {
        serial.execute(() -> reject(new ProtocolException(ErrorCode.UNEXPECTED_MESSAGE,
                "binary messages are not part of the protocol")));
    }

    /** The transport broke or was closed, from either side. */
    void closed() {
        serial.execute(this::cleanUp);
    }

    @Override
    public CompletionStage<Void> goodbye(String reason) {
        serial.execute(() -> {
            if (!closed) {
                send(new SignalMessage.Bye(reason));
                end(1001, reason);
            }
        });
        return closedFuture;
    }

    @Override
    public void audioStatus(boolean available, String reason) {
        serial.execute(() -> {
            if (!closed) {
                send(new SignalMessage.Audio(available, reason));
            }
        });
    }

    @Override
    public void control(String controllerId, int viewers) {
        serial.execute(() -> {
            if (closed) {
                return;
            }
            boolean nowInControl = id.equals(controllerId);
            if (inControl && !nowInControl && input != null) {
                input.lostControl();
            }
            inControl = nowInControl;
            send(new SignalMessage.Control(controllerId, viewers));
        });
    }

    @Override
    public void controlRequested(String viewerId) {
        serial.execute(() -> {
            if (!closed) {
                send(new SignalMessage.ControlRequest(viewerId));
            }
        });
    }

    @Override
    public void cursor(CursorImage image) {
        sendOnDataChannel(new SignalMessage.Cursor(image.pngBase64(), image.width(), image.height(), image.hotX(),
                image.hotY()));
    }

    @Override
    public void clipboard(String text) {
        sendOnDataChannel(new SignalMessage.Clipboard(text));
    }

    @Override
    public void clipboardTooLarge(long bytes) {
        sendOnDataChannel(new SignalMessage.ClipboardTooLarge(bytes, DesktopClipboard.MAX_BYTES));
    }

    private void sendOnDataChannel(SignalMessage message) {
        serial.execute(() -> {
            if (!closed && peer != null) {
                peer.sendOnDataChannel(codec.encode(message));
            }
        });
    }

    /** Input comes straight from libwebrtc's thread: it does not wait behind signaling. */
    @Override
    public void onInput(String text) {
        if (input != null && !closed) {
            input.receive(text);
        }
    }

    @Override
    public void onInputOpen() {
        CursorImage current = registry.currentCursor();
        if (current != null) {
            cursor(current);
        }
        String copied = registry.currentClipboard();
        if (copied != null) {
            clipboard(copied);
        }
    }

    @Override
    public void onLocalCandidate(RTCIceCandidate candidate) {
        serial.execute(() -> {
            if (closed) {
                return;
            }
            SignalMessage.Candidate message = new SignalMessage.Candidate(
                    NatAddress.rewrite(candidate.sdp, natPublicIp), candidate.sdpMid, candidate.sdpMLineIndex, null);
            if (offerSent) {
                send(message);
            } else {
                candidatesBeforeOffer.add(message);
            }
        });
    }

    @Override
    public void onConnectionState(RTCPeerConnectionState state) {
        serial.execute(() -> {
            if (closed) {
                return;
            }
            if (state == RTCPeerConnectionState.CONNECTED) {
                LOG.info("Viewer {} is receiving video", id);
                if (statsTask == null) {
                    statsTask = timer.scheduleAtFixedRate(() -> serial.execute(this::reportSenderStats), 1, 1,
                            TimeUnit.SECONDS);
                }
            } else if (state == RTCPeerConnectionState.FAILED) {
                LOG.warn("Viewer {}: the connection failed (ICE found no path to {})", id, channel.remote());
            }
        });
    }

    /** Tells the viewer what its encoder does: the numbers a browser cannot see from the receiving end. */
    private void reportSenderStats() {
        if (closed || peer == null) {
            return;
        }
        peer.senderStats(stats -> {
            stream.countSent(id, stats.bytesSent());
            sendOnDataChannel(new SignalMessage.SenderStats(stats.targetKbps(), stats.fps(), stats.width(),
                    stats.height(), stats.encodeMs(), stats.limitation(), stats.encoder(), stream.handOverMillis()));
        });
    }

    /**
     * The viewer changes its stream's quality: bitrate, frame rate and scale apply at once through the sender's
     * parameters; a new codec needs a new offer on the same connection.
     */
    private void changeQuality(SignalMessage.Quality asked) throws ProtocolException {
        if (peer == null || !answered) {
            throw new ProtocolException(ErrorCode.UNEXPECTED_MESSAGE, "the stream is not set up yet");
        }
        if (!stream.hasVideo()) {
            throw new ProtocolException(ErrorCode.INVALID_MESSAGE, "this stream has sound only: no picture to change");
        }
        if (!qualityChanges.tryAcquire()) {
            throw new ProtocolException(ErrorCode.INVALID_MESSAGE, "too many quality changes: at most 2 a second");
        }
        VideoCodec codec;
        try {
            codec = VideoCodec.parse(asked.codec() == null ? quality.codec() : asked.codec());
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(ErrorCode.INVALID_MESSAGE, e.getMessage());
        }
        String codecName = codec.name().toLowerCase(Locale.ROOT);
        boolean newCodec = !codecName.equals(quality.codec());
        if (newCodec) {
            try {
                peer.preferCodec(codec);
            } catch (IllegalStateException e) {
                throw new ProtocolException(ErrorCode.INVALID_MESSAGE, e.getMessage());
            }
        }
        SignalMessage.Quality next = new SignalMessage.Quality(codecName,
                asked.maxBitrateKbps() != null ? asked.maxBitrateKbps() : quality.maxBitrateKbps(),
                asked.fps() != null ? asked.fps() : quality.fps(),
                asked.scale() != null ? asked.scale() : quality.scale());
        try {
            peer.setEncoding(next.maxBitrateKbps(), next.fps(), next.scale());
        } catch (ViewerPeer.PeerException e) {
            throw new ProtocolException(ErrorCode.INTERNAL, e.getMessage());
        }
        captureRate.request(id, next.fps());
        quality = next;
        LOG.info("Viewer {} quality: {} up to {} kbit/s, {} fps, 1/{} size", id, codecName, next.maxBitrateKbps(),
                next.fps(), next.scale());
        send(quality);
        if (newCodec) {
            answered = false;
            peer.createOffer().whenComplete((sdp, error) -> serial.execute(() -> offerReady(sdp, error)));
        }
    }

    private void offerReady(String sdp, Throwable error) {
        if (closed) {
            return;
        }
        if (error != null) {
            LOG.error("Viewer {}: {}", id, unwrap(error).getMessage());
            send(new SignalMessage.Error(ErrorCode.INTERNAL.wireName(), "the server could not create an offer"));
            end(1011, "internal error");
            return;
        }
        send(new SignalMessage.Offer(sdp));
        offerSent = true;
        candidatesBeforeOffer.forEach(this::send);
        candidatesBeforeOffer.clear();
    }

    private void handle(SignalMessage message) throws ProtocolException {
        if (message instanceof SignalMessage.Answer answer) {
            applyAnswer(answer);
        } else if (message instanceof SignalMessage.Candidate candidate) {
            addCandidate(candidate);
        } else if (message instanceof SignalMessage.MicrophoneOffer offer) {
            microphoneOffer(offer.sdp());
        } else if (message instanceof SignalMessage.MicrophoneStop) {
            stopMicrophone();
        } else if (message instanceof SignalMessage.RequestControl) {
            if (registry.requestControl(this) == ControlSeat.Request.VIEW_ONLY) {
                throw new ProtocolException(ErrorCode.FORBIDDEN, "this viewer may only watch: it cannot take control");
            }
        } else if (message instanceof SignalMessage.GrantControl grant) {
            switch (registry.grantControl(this, grant.viewerId())) {
                case GRANTED -> { }
                case NOT_YOURS_TO_GIVE -> throw new ProtocolException(ErrorCode.FORBIDDEN,
                        "only the viewer in control, or an admin, can hand control on");
                case VIEW_ONLY -> throw new ProtocolException(ErrorCode.FORBIDDEN,
                        "viewer " + grant.viewerId() + " may only watch");
                case NO_SUCH_VIEWER -> throw new ProtocolException(ErrorCode.INVALID_MESSAGE,
                        "no viewer '" + grant.viewerId() + "' is connected");
            }
        } else if (message instanceof SignalMessage.ReleaseControl) {
            registry.releaseControl(this);
        } else if (message instanceof SignalMessage.Quality asked) {
            changeQuality(asked);
        } else if (message instanceof SignalMessage.Input) {
            throw new ProtocolException(ErrorCode.UNEXPECTED_MESSAGE, "input goes on the data channel 'input'");
        } else {
            throw new ProtocolException(ErrorCode.UNEXPECTED_MESSAGE, "a viewer may send 'answer', 'candidate', "
                    + "'microphone-offer', 'microphone-stop', 'request-control', 'grant-control', "
                    + "'release-control' and 'quality', not '" + typeName(message) + "'");
        }
    }

    /** The viewer turned its microphone on: answer the connection that carries it. */
    private void microphoneOffer(String sdp) throws ProtocolException {
        if (!welcome.microphone()) {
            throw new ProtocolException(ErrorCode.MICROPHONE_UNAVAILABLE, "this server takes no microphone");
        }
        if (!answered) {
            throw new ProtocolException(ErrorCode.UNEXPECTED_MESSAGE, "the screen's connection is not set up yet");
        }
        stopMicrophone();
        RemoteAudioOutput output;
        try {
            output = microphones.open(id);
        } catch (Exception e) {
            throw new ProtocolException(ErrorCode.MICROPHONE_UNAVAILABLE,
                    "the desktop's virtual microphone is not available: " + e.getMessage());
        }
        MicrophonePeer mic;
        try {
            mic = rtc.createMicrophonePeer(new MicrophoneEvents(), output, welcome.iceServers());
        } catch (RuntimeException e) {
            output.close();
            throw new ProtocolException(ErrorCode.INTERNAL, "the server could not take the microphone: " + e.getMessage());
        }
        microphone = mic;
        mic.answer(sdp).whenComplete((answer, error) -> serial.execute(() -> {
            if (closed || microphone != mic) {
                return;
            }
            if (error != null) {
                stopMicrophone();
                reject(new ProtocolException(ErrorCode.BAD_SDP, unwrap(error).getMessage()));
                return;
            }
            send(new SignalMessage.MicrophoneAnswer(answer));
            microphoneAnswered = true;
            microphoneCandidatesBeforeAnswer.forEach(this::send);
            microphoneCandidatesBeforeAnswer.clear();
            int refused = mic.remoteDescriptionApplied();
            if (refused > 0) {
                reject(new ProtocolException(ErrorCode.BAD_CANDIDATE, refused + " ICE candidate(s) were refused"));
            }
            LOG.info("Viewer {} turned its microphone on", id);
        }));
    }

    private void stopMicrophone() {
        if (microphone != null) {
            microphone.close();
            microphone = null;
            microphoneAnswered = false;
            microphoneCandidatesBeforeAnswer.clear();
            LOG.info("Viewer {} turned its microphone off", id);
        }
    }

    /** libwebrtc's events for the microphone's connection, brought onto this viewer's executor. */
    private final class MicrophoneEvents implements PeerEvents {
        @Override
        public void onLocalCandidate(RTCIceCandidate candidate) {
            serial.execute(() -> {
                if (closed || microphone == null) {
                    return;
                }
                SignalMessage.Candidate message = new SignalMessage.Candidate(
                        NatAddress.rewrite(candidate.sdp, natPublicIp), candidate.sdpMid, candidate.sdpMLineIndex,
                        SignalMessage.Candidate.MICROPHONE);
                if (microphoneAnswered) {
                    send(message);
                } else {
                    microphoneCandidatesBeforeAnswer.add(message);
                }
            });
        }

        @Override
        public void onConnectionState(RTCPeerConnectionState state) {
            if (state == RTCPeerConnectionState.CONNECTED) {
                serial.execute(() -> LOG.info("Viewer {}: the microphone's connection is up", id));
            } else if (state == RTCPeerConnectionState.FAILED) {
                serial.execute(() -> LOG.warn("Viewer {}: the microphone's connection failed", id));
            }
        }
    }

    private void applyAnswer(SignalMessage.Answer answer) throws ProtocolException {
        if (!offerSent || answered || answerInFlight) {
            throw new ProtocolException(ErrorCode.UNEXPECTED_MESSAGE, "no offer is waiting for an answer");
        }
        answerInFlight = true;
        peer.applyAnswer(answer.sdp()).whenComplete((ok, error) -> serial.execute(() -> {
            answerInFlight = false;
            if (closed) {
                return;
            }
            if (error != null) {
                reject(new ProtocolException(ErrorCode.BAD_SDP, unwrap(error).getMessage()));
                return;
            }
            answered = true;
            int refused = peer.remoteDescriptionApplied();
            if (refused > 0) {
                reject(new ProtocolException(ErrorCode.BAD_CANDIDATE, refused + " ICE candidate(s) were refused"));
            }
        }));
    }

    private void addCandidate(SignalMessage.Candidate candidate) throws ProtocolException {
        boolean forMicrophone = candidate.forMicrophone();
        if (forMicrophone ? microphone == null : peer == null) {
            throw new ProtocolException(ErrorCode.UNEXPECTED_MESSAGE, "no connection to add a candidate to yet");
        }
        if (candidate.candidate().isEmpty()) {
            return;
        }
        String mid = candidate.sdpMid() == null ? "" : candidate.sdpMid();
        int index = candidate.sdpMLineIndex() == null ? 0 : candidate.sdpMLineIndex();
        RTCIceCandidate ice = new RTCIceCandidate(mid, index, candidate.candidate());
        try {
            if (forMicrophone) {
                microphone.addRemoteCandidate(ice);
            } else {
                peer.addRemoteCandidate(ice);
            }
        } catch (ViewerPeer.PeerException e) {
            throw new ProtocolException(ErrorCode.BAD_CANDIDATE, e.getMessage());
        }
    }

    private void reject(ProtocolException e) {
        if (closed) {
            return;
        }
        strikes++;
        String message = clip(e.getMessage());
        LOG.warn("Viewer {} ({}): {}: {}", id, channel.remote(), e.code().wireName(), message);
        send(new SignalMessage.Error(e.code().wireName(), message));
        if (strikes >= MAX_STRIKES) {
            LOG.warn("Viewer {} ({}) sent {} bad messages: disconnecting it", id, channel.remote(), strikes);
            send(new SignalMessage.Bye("too many bad messages"));
            end(1008, "too many bad messages");
        }
    }

    private void send(SignalMessage message) {
        channel.send(codec.encode(message));
    }

    private void end(int code, String reason) {
        channel.close(code, reason);
        cleanUp();
    }

    private void cleanUp() {
        if (closed) {
            return;
        }
        closed = true;
        candidatesBeforeOffer.clear();
        if (statsTask != null) {
            statsTask.cancel(false);
        }
        stopMicrophone();
        if (input != null) {
            input.close();
        }
        if (peer != null) {
            peer.close();
            peer = null;
        }
        if (joined) {
            registry.leave(this);
            captureRate.release(id);
            stream.forgetViewer(id);
        }
        closedFuture.complete(null);
    }

    /** Error texts can quote the offending input; keep logs and replies short. */
    private static String clip(String text) {
        return text == null || text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }

    private static String typeName(SignalMessage message) {
        return message.getClass().getSimpleName().toLowerCase();
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }
}
