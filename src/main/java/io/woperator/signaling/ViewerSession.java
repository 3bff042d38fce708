package io.woperator.signaling;

import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCPeerConnectionState;
import io.woperator.access.UploadPermits;
import io.woperator.config.Role;
import io.woperator.platform.LogBudget;
import io.woperator.protocol.DesktopMessage;
import io.woperator.protocol.ErrorCode;
import io.woperator.protocol.ServerMessage;
import io.woperator.protocol.Texts;
import io.woperator.protocol.ViewerMessage;
import io.woperator.rtc.PeerEvents;
import io.woperator.rtc.StreamPeer;
import io.woperator.session.ControlSeat;
import io.woperator.session.Viewer;
import io.woperator.session.ViewerRegistry;
import io.woperator.stream.Stream;
import io.woperator.stream.ViewerPeers;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One viewer of one stream, from the socket opening to its closing: once it says hello it joins the stream (or is
 * turned away), and nothing (no peer connection) is set up for a socket before; it hands each message to the part
 * whose job it is ({@link ScreenNegotiation}, {@link MicrophoneNegotiation}, {@link QualityControl}, the stream's
 * control seat), answers bad messages with an error and ends the session after too many. A socket that says no
 * hello in time, or stops answering the server's pings, is closed. Everything happens on the viewer's own
 * {@link SerialExecutor}, in arrival order.
 */
final class ViewerSession implements Viewer, PeerEvents, Outbox {

    /** Where the session is in its life. */
    private enum Phase { OPENING, JOINED, CLOSED }

    private static final Logger LOG = LoggerFactory.getLogger(ViewerSession.class);
    /** Bad messages tolerated before the viewer is disconnected for abuse. */
    static final int MAX_STRIKES = 20;
    /** How long a new socket has to say hello. */
    static final long HELLO_TIMEOUT_MILLIS = 10_000;
    /** Every so often the viewer is pinged (browsers answer by themselves) ... */
    static final long PING_EVERY_MILLIS = 10_000;
    /** ... and a viewer not heard of (no message, no pong) for this long is gone: half-open sockets end. */
    static final long SILENCE_LIMIT_MILLIS = 45_000;

    private final String id;
    private final Role role;
    private final ViewerChannel channel;
    private final SerialExecutor serial;
    private final MessageCodec codec;
    private final ViewerPeers peers;
    private final Stream stream;
    private final ViewerRegistry registry;
    private final ServerMessage.Welcome welcome;
    /** None without a desktop to send input to. */
    private final Optional<InputChannel> input;
    private final QualityControl quality;
    private final MicrophoneNegotiation microphone;
    private final ScheduledExecutorService timer;
    private final String natPublicIp;
    private final UploadPermits uploads;
    private final LogBudget badMessages;
    private final CompletableFuture<Void> closedFuture = new CompletableFuture<>();
    private final Handling handling = new Handling();
    private Phase phase = Phase.OPENING;
    private StreamPeer peer;
    private ScreenNegotiation screen;
    private ScheduledFuture<?> statsTask;
    private ScheduledFuture<?> watchdog;
    private volatile long lastHeardNanos = System.nanoTime();
    private boolean inControl;
    private int strikes;
    /** Whether the viewer was told the picture waits for Janus, and so must be told when it comes. */
    private boolean waitingForRelay;

    ViewerSession(String id, Role role, ViewerChannel channel, SessionContext context, Stream stream,
            ServerMessage.Welcome welcome) {
        this.id = id;
        this.role = role;
        this.channel = channel;
        this.serial = new SerialExecutor(context.pool());
        this.codec = context.codec();
        this.peers = context.peers();
        this.stream = stream;
        this.registry = stream.viewers();
        this.welcome = welcome;
        this.input = stream.desktop().map(desktop -> new InputChannel(id, codec, desktop, registry));
        ViewerMessage.Quality defaults = context.defaultQuality();
        this.quality = new QualityControl(id, new ViewerMessage.Quality(defaults.codec(), defaults.maxBitrateKbps(),
                stream.fps(), defaults.scale()), stream.captureRate(), stream.hasVideo());
        this.natPublicIp = context.natPublicIp();
        this.microphone = new MicrophoneNegotiation(id, serial, this, natPublicIp, context.microphones(),
                (events, output) -> context.rtc().createMicrophonePeer(events, output, welcome.iceServers()));
        this.timer = context.timer();
        this.uploads = context.uploads();
        this.badMessages = context.badMessages();
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Role role() {
        return role;
    }

    /** The socket is open: it has a while to say hello, and is watched from now on. */
    void open() {
        watchdog = timer.scheduleAtFixedRate(() -> serial.execute(this::watch), HELLO_TIMEOUT_MILLIS,
                PING_EVERY_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Something arrived from the viewer (a message, a pong): it is still there. */
    void heard() {
        lastHeardNanos = System.nanoTime();
    }

    private void watch() {
        if (phase == Phase.OPENING) {
            LOG.info("Viewer {} ({}) said no hello within {} s: closing its socket", id, channel.remote(),
                    HELLO_TIMEOUT_MILLIS / 1000);
            end(1008, "no hello");
        } else if (phase == Phase.JOINED) {
            long silentMillis = (System.nanoTime() - lastHeardNanos) / 1_000_000;
            if (silentMillis > SILENCE_LIMIT_MILLIS) {
                LOG.info("Viewer {} ({}) has not answered for {} s: closing its socket", id, channel.remote(),
                        silentMillis / 1000);
                end(1001, "no answer");
            } else {
                channel.ping();
            }
        }
    }

    /** The viewer said hello: join the stream (or be turned away), greet the viewer and offer. */
    private void hello() {
        switch (registry.join(this)) {
            case FULL -> {
                sendNow(new ServerMessage.Error(ErrorCode.TOO_MANY_VIEWERS,
                        "this desktop has as many viewers as it allows; try again later"));
                end(1013, "too many viewers");
                return;
            }
            case CLOSED -> {
                sendNow(new ServerMessage.Error(ErrorCode.STREAM_STOPPED,
                        "the stream '" + stream.id() + "' is stopped"));
                end(1013, "stream stopped");
                return;
            }
            case JOINED -> phase = Phase.JOINED;
        }
        quality.joined();
        if (welcome.uploadKey() != null) {
            uploads.grant(id, welcome.uploadKey(), role, registry::inControl);
        }
        sendNow(welcome);
        sendNow(quality.current());
        try {
            peer = peers.connect(stream, id, welcome.iceServers(), this, relay());
        } catch (RuntimeException e) {
            LOG.error("Viewer {}: could not create a peer connection", id, e);
            sendNow(new ServerMessage.Error(ErrorCode.INTERNAL, "the server could not set up the stream"));
            end(1011, "internal error");
            return;
        }
        screen = new ScreenNegotiation(id, peer, serial, this, natPublicIp);
        screen.offer();
        if (!peer.hasDataChannel()) {
            onInputOpen(); // the socket is its channel, open already
        }
    }

    /** What this viewer hears of a relay (Janus), when its picture comes through one. */
    private ViewerPeers.Relay relay() {
        return new ViewerPeers.Relay() {
            @Override
            public void waiting(String reason) {
                serial.execute(() -> {
                    if (phase != Phase.CLOSED) {
                        waitingForRelay = true;
                        sendNow(new ServerMessage.Picture(false, "its relay (Janus) is not ready: " + reason));
                    }
                });
            }

            @Override
            public void lost(String reason) {
                serial.execute(() -> {
                    if (phase != Phase.CLOSED) {
                        LOG.info("Viewer {}: the picture's relay went away: {}", id, reason);
                        sendNow(new ServerMessage.Bye("the relay (Janus) went away: " + reason));
                        end(1013, "relay lost");
                    }
                });
            }
        };
    }

    void receive(String text) {
        heard();
        serial.execute(() -> {
            if (phase == Phase.CLOSED) {
                return;
            }
            try {
                handle(codec.decode(text));
            } catch (ProtocolException e) {
                reject(e);
            }
        });
    }

    private void handle(ViewerMessage message) throws ProtocolException {
        message.handledBy(handling);
    }

    /** Each message a viewer sends, in the order it came, on the viewer's serial executor. */
    private final class Handling implements ViewerMessage.Handler<ProtocolException> {
        @Override
        public void hello(ViewerMessage.Hello hello) throws ProtocolException {
            if (phase != Phase.OPENING) {
                throw new ProtocolException(ErrorCode.UNEXPECTED_MESSAGE, "hello was said already");
            }
            ViewerSession.this.hello();
        }

        @Override
        public void input(ViewerMessage.Input event) throws ProtocolException {
            setUp();
            input.orElseThrow(() -> new ProtocolException(ErrorCode.UNEXPECTED_MESSAGE,
                    "this stream has no desktop to send input to")).receive(event.event());
        }

        @Override
        public void answer(ViewerMessage.Answer answer) throws ProtocolException {
            setUp();
            if (waitingForRelay) {
                waitingForRelay = false;
                sendNow(new ServerMessage.Picture(true, null));
            }
            screen.answer(answer.sdp());
        }

        @Override
        public void candidate(ViewerMessage.Candidate candidate) throws ProtocolException {
            setUp();
            if (candidate.forMicrophone()) {
                microphone.remoteCandidate(candidate);
            } else {
                screen.remoteCandidate(candidate);
            }
        }

        @Override
        public void microphoneOffer(ViewerMessage.MicrophoneOffer offer) throws ProtocolException {
            setUp();
            if (!welcome.microphone()) {
                throw new ProtocolException(ErrorCode.MICROPHONE_UNAVAILABLE, "this server takes no microphone");
            }
            if (!screen.answered()) {
                throw new ProtocolException(ErrorCode.UNEXPECTED_MESSAGE, "the stream's connection is not set up yet");
            }
            microphone.offer(offer.sdp());
        }

        @Override
        public void microphoneStop(ViewerMessage.MicrophoneStop stop) throws ProtocolException {
            setUp();
            microphone.stop();
        }

        @Override
        public void requestControl(ViewerMessage.RequestControl request) throws ProtocolException {
            setUp();
            if (registry.requestControl(ViewerSession.this) == ControlSeat.Request.VIEW_ONLY) {
                throw new ProtocolException(ErrorCode.FORBIDDEN, "this viewer may only watch: it cannot take control");
            }
        }

        @Override
        public void grantControl(ViewerMessage.GrantControl grant) throws ProtocolException {
            setUp();
            ViewerSession.this.grantControl(grant.viewerId());
        }

        @Override
        public void releaseControl(ViewerMessage.ReleaseControl release) throws ProtocolException {
            setUp();
            registry.releaseControl(ViewerSession.this);
        }

        @Override
        public void quality(ViewerMessage.Quality asked) throws ProtocolException {
            setUp();
            if (!screen.answered()) {
                throw new ProtocolException(ErrorCode.UNEXPECTED_MESSAGE, "the stream is not set up yet");
            }
            boolean newCodec = quality.change(asked, peer);
            sendNow(quality.current());
            if (newCodec) {
                screen.offer();
            }
        }

        /** Anything but hello comes after hello, once the stream is set up for the viewer. */
        private void setUp() throws ProtocolException {
            if (phase == Phase.OPENING) {
                throw new ProtocolException(ErrorCode.UNEXPECTED_MESSAGE, "say hello first");
            }
            if (screen == null) {
                throw new ProtocolException(ErrorCode.UNEXPECTED_MESSAGE, "the stream is not set up yet");
            }
        }
    }

    private void grantControl(String toId) throws ProtocolException {
        switch (registry.grantControl(this, toId)) {
            case GRANTED -> { }
            case NOT_YOURS_TO_GIVE -> throw new ProtocolException(ErrorCode.FORBIDDEN,
                    "only the viewer in control, or an admin, can hand control on");
            case VIEW_ONLY -> throw new ProtocolException(ErrorCode.FORBIDDEN, "viewer " + toId + " may only watch");
            case NO_SUCH_VIEWER -> throw new ProtocolException(ErrorCode.INVALID_MESSAGE,
                    "no viewer '" + toId + "' is connected");
        }
    }

    /** A message over the size limit: answered, and the viewer is disconnected (1009, as RFC 6455 says). */
    void tooLarge(int length, int limit) {
        serial.execute(() -> {
            if (phase == Phase.CLOSED) {
                return;
            }
            String reason = "message of " + length + " characters exceeds the limit of " + limit;
            LOG.warn("Viewer {} ({}): {}: {}", id, channel.remote(), ErrorCode.MESSAGE_TOO_LARGE.wireName(), reason);
            sendNow(new ServerMessage.Error(ErrorCode.MESSAGE_TOO_LARGE, reason));
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
            if (phase != Phase.CLOSED) {
                sendNow(new ServerMessage.Bye(reason));
                end(1001, reason);
            }
        });
        return closedFuture;
    }

    @Override
    public void send(ServerMessage message) {
        serial.execute(() -> {
            if (phase != Phase.CLOSED) {
                sendNow(message);
            }
        });
    }

    @Override
    public void control(String controllerId, int viewers) {
        serial.execute(() -> {
            if (phase == Phase.CLOSED) {
                return;
            }
            boolean nowInControl = id.equals(controllerId);
            if (inControl && !nowInControl) {
                input.ifPresent(InputChannel::lostControl);
            }
            inControl = nowInControl;
            sendNow(new ServerMessage.Control(controllerId, viewers));
        });
    }

    @Override
    public void sendOnDataChannel(DesktopMessage message) {
        serial.execute(() -> {
            if (phase == Phase.CLOSED || peer == null) {
                return;
            }
            if (peer.hasDataChannel()) {
                peer.sendOnDataChannel(codec.encode(message));
            } else {
                sendNow(new ServerMessage.Desktop(message));
            }
        });
    }

    /** Input comes straight from libwebrtc's thread: it does not wait behind signaling. */
    @Override
    public void onInput(String text) {
        if (phase != Phase.CLOSED) {
            input.ifPresent(channel -> channel.receive(text));
        }
    }

    @Override
    public void onInputOpen() {
        registry.keptForDataChannel().forEach(this::sendOnDataChannel);
    }

    @Override
    public void onLocalCandidate(RTCIceCandidate candidate) {
        serial.execute(() -> {
            if (screen != null) {
                screen.localCandidate(candidate);
            }
        });
    }

    @Override
    public void onConnectionState(RTCPeerConnectionState state) {
        serial.execute(() -> {
            if (phase == Phase.CLOSED) {
                return;
            }
            stream.viewerState(id, state.name().toLowerCase(java.util.Locale.ROOT));
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

    /** Tells the viewer what its encoder does (the numbers a browser cannot see), and the stream what it sent. */
    private void reportSenderStats() {
        if (phase == Phase.CLOSED || peer == null) {
            return;
        }
        peer.senderStats(stats -> {
            serial.execute(() -> {
                if (phase != Phase.CLOSED) { // a late reading must not count a viewer that has left
                    stream.viewerReport(id, stats);
                }
            });
            sendOnDataChannel(new DesktopMessage.SenderStats(stats.targetKbps(), stats.fps(), stats.width(),
                    stats.height(), stats.encodeMs(), stats.limitation(), stats.encoder(), stream.handOverMillis()));
        });
    }

    @Override
    public void reject(ProtocolException e) {
        if (phase == Phase.CLOSED) {
            return;
        }
        strikes++;
        String message = Texts.clip(e.getMessage(), 300);
        badMessages.note(() -> LOG.warn("Viewer {} ({}): {}: {}", id, channel.remote(), e.code().wireName(), message));
        sendNow(new ServerMessage.Error(e.code(), message));
        if (strikes >= MAX_STRIKES) {
            badMessages.note(() -> LOG.warn("Viewer {} ({}) sent {} bad messages: disconnecting it", id,
                    channel.remote(), strikes));
            sendNow(new ServerMessage.Bye("too many bad messages"));
            end(1008, "too many bad messages");
        }
    }

    @Override
    public void sendNow(ServerMessage message) {
        channel.send(codec.encode(message));
    }

    @Override
    public void end(int code, String reason) {
        channel.close(code, reason);
        cleanUp();
    }

    private void cleanUp() {
        if (phase == Phase.CLOSED) {
            return;
        }
        boolean joined = phase == Phase.JOINED;
        phase = Phase.CLOSED;
        if (watchdog != null) {
            watchdog.cancel(false);
        }
        if (statsTask != null) {
            statsTask.cancel(false);
        }
        microphone.stop();
        input.ifPresent(InputChannel::close);
        if (screen != null) {
            screen.close();
        } else if (peer != null) {
            peer.close();
        }
        if (joined) {
            uploads.revoke(id);
            registry.leave(this);
            quality.left();
            stream.forgetViewer(id);
        }
        closedFuture.complete(null);
    }
}
