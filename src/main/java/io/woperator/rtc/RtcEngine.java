package io.woperator.rtc;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.PortAllocatorConfig;
import dev.onvoid.webrtc.RTCBundlePolicy;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCDataChannelInit;
import dev.onvoid.webrtc.RTCIceServer;
import dev.onvoid.webrtc.RTCIceTransportPolicy;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCPriorityType;
import dev.onvoid.webrtc.RTCRtcpMuxPolicy;
import dev.onvoid.webrtc.RTCRtpCodecCapability;
import dev.onvoid.webrtc.RTCRtpEncodingParameters;
import dev.onvoid.webrtc.RTCRtpTransceiver;
import dev.onvoid.webrtc.RTCRtpTransceiverDirection;
import dev.onvoid.webrtc.RTCRtpTransceiverInit;
import dev.onvoid.webrtc.media.MediaType;
import dev.onvoid.webrtc.media.SyncClock;
import dev.onvoid.webrtc.media.audio.AudioDeviceModule;
import dev.onvoid.webrtc.media.audio.AudioLayer;
import dev.onvoid.webrtc.media.audio.AudioTrack;
import dev.onvoid.webrtc.media.audio.CustomAudioSource;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;
import dev.onvoid.webrtc.media.video.CustomVideoSource;
import dev.onvoid.webrtc.media.video.VideoTrack;
import io.woperator.config.Encoding;
import io.woperator.config.Settings;
import io.woperator.frames.EncodedFeed;
import io.woperator.frames.EncodedFeeds;
import io.woperator.frames.FrameChannel;
import io.woperator.protocol.IceServer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process's WebRTC: the factory that sends the streams' pictures and sound (each stream's tracks made by
 * {@link #createTracks}), and, made on first use, the factory that receives viewers' microphones.
 *
 * <p>Why two factories: an audio device module that records (HeadlessAudioDeviceModule does, as soon as any
 * audio is sent) feeds every audio send stream from its own thread, which races CustomAudioSource's pushes and
 * aborts the process on libwebrtc's race check. So the sending factory sits on libwebrtc's dummy audio layer,
 * which never records, and CustomAudioSource is the only feeder (stereo, as captured). Receiving needs a module
 * that plays out, since that is what decodes received sound: the microphone factory has the headless module,
 * and never sends audio, so its recording never starts.
 */
public final class RtcEngine implements AutoCloseable {

    private final AtomicLong peersCreated = new AtomicLong();
    private final AtomicLong peersClosed = new AtomicLong();
    private static final Logger LOG = LoggerFactory.getLogger(RtcEngine.class);
    private static final String STREAM_ID = "woperator";
    /**
     * A simulcast picture's sizes, as fractions of the stream's: smallest first, as libwebrtc needs them (a Janus
     * reads its layers highest first: JanusFanout reorders what it sends Janus).
     */
    private static final double[] SIMULCAST_SCALES = {4, 2, 1};

    private final Settings settings;
    private final AudioDeviceModule sendingAudioModule;
    private final PeerConnectionFactory factory;
    private final List<RTCRtpCodecCapability> sendableVideoCodecs;
    private final List<RTCRtpCodecCapability> videoCodecs;
    private final IceServers iceServers;
    private final NativePeerRelease nativePeers;
    private HeadlessAudioDeviceModule microphoneAudioModule;
    private PeerConnectionFactory microphoneFactory;
    private boolean closed;

    public RtcEngine(Settings settings) {
        this.settings = settings;
        this.sendingAudioModule = new AudioDeviceModule(AudioLayer.kDummyAudio);
        this.factory = new PeerConnectionFactory(sendingAudioModule);
        this.iceServers = new IceServers(settings.ice(), Clock.systemUTC());
        this.nativePeers = NativePeerRelease.create(settings.releaseNativePeers());
        this.sendableVideoCodecs = List.copyOf(factory.getRtpSenderCapabilities(MediaType.VIDEO).getCodecs());
        this.videoCodecs = CodecPreferences.order(sendableVideoCodecs, settings.videoCodec());
        if (settings.simulcast() && settings.janus() == null) {
            LOG.warn("SIMULCAST is on, but it applies to --fanout janus only: each direct viewer gets one layer, "
                    + "adapted to its network");
        }
        LOG.info("WebRTC ready: {} preferred, bitrate start {} / min {} / max {} kbit/s", settings.videoCodec(),
                settings.bitrates().startKbps(), settings.bitrates().minKbps(), settings.bitrates().maxKbps());
    }

    /**
     * A stream's picture track when {@code withPicture}, encoded as {@code encoding} says on every path, and its sound
     * track when {@code withSound}; the caller closes them.
     */
    public synchronized StreamTracks createTracks(String streamId, Encoding encoding, boolean withPicture,
            boolean withSound) {
        if (closed) {
            throw new IllegalStateException("shutting down");
        }
        SyncClock clock = new SyncClock();
        CustomVideoSource video = withPicture ? new CustomVideoSource(clock) : null;
        VideoTrack videoTrack = withPicture ? factory.createVideoTrack(streamId + "-video", video) : null;
        CustomAudioSource audio = withSound ? new CustomAudioSource(clock) : null;
        AudioTrack audioTrack = withSound ? factory.createAudioTrack(streamId + "-sound", audio) : null;
        EncodedFeeds encoded = withPicture ? new EncodedFeeds(streamId) : null;
        return new StreamTracks(encoding, clock, video, videoTrack, audio, audioTrack, encoded);
    }

    /** The STUN and TURN servers for viewers' connections. */
    public IceServers iceServers() {
        return iceServers;
    }

    /**
     * A new PeerConnection sending a stream's picture, and its sound, to one viewer, with the data channel
     * "input" (ordered, reliable) that its keyboard and mouse come back on, and, for a stream with a picture, the
     * data channel "frames" on which the viewer may take the picture outside RTP ({@link FrameChannel}).
     */
    public ViewerPeer createPeer(StreamTracks tracks, PeerEvents listener, List<IceServer> servers) {
        DetachablePeerEvents events = new DetachablePeerEvents(listener);
        RTCPeerConnection connection = factory.createPeerConnection(configuration(servers),
                ViewerPeer.observer(events));
        List<RTCRtpTransceiver> transceivers = new ArrayList<>(2);
        try {
            RTCRtpTransceiver video = addSenders(connection, tracks, transceivers, false);
            RTCDataChannelInit reliable = new RTCDataChannelInit();
            reliable.ordered = true;
            reliable.priority = RTCPriorityType.HIGH;
            RTCDataChannel input = connection.createDataChannel("input", reliable);
            RTCDataChannel frames = video == null ? null : connection.createDataChannel("frames", reliable);
            peersCreated.incrementAndGet();
            Encoding encoding = tracks.encoding();
            return new ViewerPeer(connection, encoding.bitrates(), input, events, video,
                    frames == null ? null : peer -> new FrameChannel(frames, tracks.encodedFeeds(),
                            new EncodedFeed.Format(encoding.codec(), encoding.bitrates().startKbps(), encoding.fps(),
                                    encoding.scale()), peer::sendRtpPicture),
                    codec -> CodecPreferences.order(sendableVideoCodecs, codec), closed -> {
                        nativePeers.close(closed, transceivers);
                        peersClosed.incrementAndGet();
                    });
        } catch (RuntimeException e) {
            nativePeers.close(connection, transceivers);
            events.detach();
            throw e;
        }
    }

    /**
     * A new PeerConnection sending a stream to a WHEP player, which offers; counted with the viewers' peers (made,
     * closed, freed).
     */
    public WhepPeer createWhepPeer(StreamTracks tracks, PeerEvents listener, List<IceServer> servers) {
        DetachablePeerEvents events = new DetachablePeerEvents(listener);
        CompletableFuture<Void> gathered = new CompletableFuture<>();
        RTCPeerConnection connection = factory.createPeerConnection(configuration(servers),
                GatheringObserver.of(events, gathered));
        peersCreated.incrementAndGet();
        Encoding encoding = tracks.encoding();
        return new WhepPeer(connection, new WhepPeer.Sending(tracks, STREAM_ID, encoding.bitrates(), encoding.fps(),
                encoding.scale(), videoCodecs), events, gathered, (closed, madeOnIt) -> {
                    nativePeers.close(closed, madeOnIt);
                    peersClosed.incrementAndGet();
                });
    }

    /**
     * A new PeerConnection that publishes a stream (to a WHIP endpoint, a Janus room), offering to send its picture and
     * sound; counted with the viewers' peers (made, closed, freed).
     *
     * @param simulcast whether the picture goes out in three sizes (quarter, half, full), as {@link #SIMULCAST_SCALES}
     */
    public PublishingPeer createPublishingPeer(StreamTracks tracks, PeerEvents listener, List<IceServer> servers,
            boolean simulcast) {
        DetachablePeerEvents events = new DetachablePeerEvents(listener);
        CompletableFuture<Void> gathered = new CompletableFuture<>();
        RTCPeerConnection connection = factory.createPeerConnection(configuration(servers),
                GatheringObserver.of(events, gathered));
        List<RTCRtpTransceiver> transceivers = new ArrayList<>(2);
        try {
            addSenders(connection, tracks, transceivers, simulcast);
        } catch (RuntimeException e) {
            nativePeers.close(connection, transceivers);
            events.detach();
            throw e;
        }
        peersCreated.incrementAndGet();
        return new PublishingPeer(connection, List.copyOf(transceivers), events, gathered, (closed, madeOnIt) -> {
            nativePeers.close(closed, madeOnIt);
            peersClosed.incrementAndGet();
        });
    }

    /**
     * Adds a send-only transceiver for each of the stream's tracks to {@code made}, the picture's bounded as the
     * stream's encoding says (bitrate, frame rate, size) and with the preferred codecs first; returns the picture's,
     * or null. With {@code simulcast}, the picture has three encodings, one per {@link #SIMULCAST_SCALES}: webrtc-java
     * cannot name them (no RID), so libwebrtc names them itself and offers them as RID simulcast.
     */
    private RTCRtpTransceiver addSenders(RTCPeerConnection connection, StreamTracks tracks,
            List<RTCRtpTransceiver> made, boolean simulcast) {
        RTCRtpTransceiver video = null;
        if (tracks.videoTrack() != null) {
            Settings.Bitrates bitrates = tracks.encoding().bitrates();
            List<RTCRtpEncodingParameters> encodings = new ArrayList<>();
            for (double scale : simulcast ? SIMULCAST_SCALES : new double[] {1}) {
                RTCRtpEncodingParameters encoding = new RTCRtpEncodingParameters();
                encoding.active = true;
                // a smaller picture needs less: a quarter of the pixels, a quarter of the bitrate
                encoding.maxBitrate = (int) Math.max(bitrates.minKbps() * 1000,
                        bitrates.maxKbps() * 1000 / (scale * scale));
                encoding.minBitrate = Math.min(bitrates.minKbps() * 1000, encoding.maxBitrate);
                encoding.maxFramerate = (double) tracks.encoding().fps();
                encoding.scaleResolutionDownBy = tracks.encoding().scale() * scale;
                encodings.add(encoding);
            }
            video = connection.addTransceiver(tracks.videoTrack(), sendOnly(encodings));
            made.add(video);
            video.setCodecPreferences(videoCodecs);
        }
        if (tracks.audioTrack() != null) {
            made.add(connection.addTransceiver(tracks.audioTrack(), sendOnly(null)));
        }
        return video;
    }

    /** Viewers' peer connections made since start. */
    public long peersCreated() {
        return peersCreated.get();
    }

    /** Viewers' peer connections closed since start. */
    public long peersClosed() {
        return peersClosed.get();
    }

    /** Native peer connections (viewers' and microphones') freed since start. */
    public long nativePeersFreed() {
        return nativePeers.freed();
    }

    /** A new PeerConnection to receive one viewer's microphone into {@code output}. */
    public synchronized MicrophonePeer createMicrophonePeer(PeerEvents events, RemoteAudioOutput output,
            List<IceServer> servers) {
        if (closed) {
            throw new IllegalStateException("shutting down");
        }
        if (microphoneFactory == null) {
            microphoneAudioModule = new HeadlessAudioDeviceModule();
            microphoneFactory = new PeerConnectionFactory(microphoneAudioModule);
            // Playout pulls received sound every 10 ms: that is what decodes it and feeds the track's sinks.
            microphoneAudioModule.initPlayout();
            microphoneAudioModule.startPlayout();
        }
        PeerConnectionFactory micFactory = microphoneFactory;
        return MicrophonePeer.create(observer -> micFactory.createPeerConnection(configuration(servers), observer),
                nativePeers::close, events, output);
    }

    private RTCConfiguration configuration(List<IceServer> servers) {
        RTCConfiguration config = new RTCConfiguration();
        config.bundlePolicy = RTCBundlePolicy.MAX_BUNDLE;
        config.rtcpMuxPolicy = RTCRtcpMuxPolicy.REQUIRE;
        config.iceServers = servers.stream().map(server -> {
            RTCIceServer ice = new RTCIceServer();
            ice.urls = server.urls();
            ice.username = server.username();
            ice.password = server.credential();
            return ice;
        }).toList();
        if (iceServers.relayOnly()) {
            config.iceTransportPolicy = RTCIceTransportPolicy.RELAY;
        }
        if (settings.ice().minPort() != 0) {
            config.portAllocatorConfig = new PortAllocatorConfig(settings.ice().minPort(), settings.ice().maxPort(), 0);
        }
        return config;
    }

    private static RTCRtpTransceiverInit sendOnly(List<RTCRtpEncodingParameters> encodings) {
        RTCRtpTransceiverInit init = new RTCRtpTransceiverInit();
        init.direction = RTCRtpTransceiverDirection.SEND_ONLY;
        init.streamIds = List.of(STREAM_ID);
        init.sendEncodings = encodings;
        return init;
    }

    /** Disposes the factories and audio modules (after every stream's tracks); the JVM can only exit after this. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        dispose("peer connection factory", factory::dispose);
        dispose("audio device module", sendingAudioModule::dispose);
        if (microphoneFactory != null) {
            dispose("microphone playout", microphoneAudioModule::stopPlayout);
            dispose("microphone factory", microphoneFactory::dispose);
            dispose("microphone audio module", microphoneAudioModule::dispose);
        }
    }

    private static void dispose(String what, Runnable disposer) {
        StreamTracks.dispose(what, disposer);
    }
}
