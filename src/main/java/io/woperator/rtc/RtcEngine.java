package io.woperator.rtc;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.RTCBundlePolicy;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCRtcpMuxPolicy;
import dev.onvoid.webrtc.RTCRtpCodecCapability;
import dev.onvoid.webrtc.RTCRtpEncodingParameters;
import dev.onvoid.webrtc.RTCRtpTransceiver;
import dev.onvoid.webrtc.RTCRtpTransceiverDirection;
import dev.onvoid.webrtc.RTCRtpTransceiverInit;
import dev.onvoid.webrtc.media.MediaType;
import dev.onvoid.webrtc.media.SyncClock;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;
import dev.onvoid.webrtc.media.video.CustomVideoSource;
import dev.onvoid.webrtc.media.video.VideoTrack;
import io.woperator.config.Settings;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process's one PeerConnectionFactory (on a headless audio module: no sound card is touched), the shared
 * clock and the screen's video track, from which a {@link ViewerPeer} is made for each viewer.
 */
public final class RtcEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RtcEngine.class);
    private static final String STREAM_ID = "woperator";

    private final Settings settings;
    private final HeadlessAudioDeviceModule audioModule;
    private final PeerConnectionFactory factory;
    private final SyncClock clock;
    private final CustomVideoSource videoSource;
    private final VideoTrack videoTrack;
    private final List<RTCRtpCodecCapability> videoCodecs;
    private boolean closed;

    public RtcEngine(Settings settings) {
        this.settings = settings;
        this.audioModule = new HeadlessAudioDeviceModule();
        this.factory = new PeerConnectionFactory(audioModule);
        this.clock = new SyncClock();
        this.videoSource = new CustomVideoSource(clock);
        this.videoTrack = factory.createVideoTrack("screen", videoSource);
        this.videoCodecs = CodecPreferences.order(
                factory.getRtpSenderCapabilities(MediaType.VIDEO).getCodecs(), settings.videoCodec());
        LOG.info("WebRTC ready: {} preferred, bitrate start {} / min {} / max {} kbit/s", settings.videoCodec(),
                settings.bitrates().startKbps(), settings.bitrates().minKbps(), settings.bitrates().maxKbps());
    }

    /** Where the video pipeline pushes frames. */
    public CustomVideoSource videoSource() {
        return videoSource;
    }

    /** A new PeerConnection sending the screen to one viewer. */
    public ViewerPeer createPeer(PeerEvents events) {
        RTCConfiguration config = new RTCConfiguration();
        config.bundlePolicy = RTCBundlePolicy.MAX_BUNDLE;
        config.rtcpMuxPolicy = RTCRtcpMuxPolicy.REQUIRE;
        RTCPeerConnection connection = factory.createPeerConnection(config, ViewerPeer.observer(events));
        try {
            RTCRtpEncodingParameters encoding = new RTCRtpEncodingParameters();
            encoding.active = true;
            encoding.maxBitrate = settings.bitrates().maxKbps() * 1000;
            encoding.minBitrate = settings.bitrates().minKbps() * 1000;
            encoding.maxFramerate = (double) settings.fps();
            RTCRtpTransceiverInit init = new RTCRtpTransceiverInit();
            init.direction = RTCRtpTransceiverDirection.SEND_ONLY;
            init.streamIds = List.of(STREAM_ID);
            init.sendEncodings = List.of(encoding);
            RTCRtpTransceiver video = connection.addTransceiver(videoTrack, init);
            video.setCodecPreferences(videoCodecs);
        } catch (RuntimeException e) {
            connection.close();
            throw e;
        }
        return new ViewerPeer(connection, settings.bitrates());
    }

    /** Disposes the track, source, factory and audio module; the JVM can only exit after this. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        dispose("video track", videoTrack::dispose);
        dispose("video source", videoSource::dispose);
        dispose("peer connection factory", factory::dispose);
        dispose("audio device module", audioModule::dispose);
        dispose("clock", clock::dispose);
    }

    /** Disposes one native object; a failure is logged and does not stop the others from being freed. */
    private static void dispose(String what, Runnable disposer) {
        try {
            disposer.run();
        } catch (Throwable e) { // webrtc-java reports a still-referenced object with java.lang.Error
            LOG.warn("Could not dispose the {}: {}", what, e.getMessage());
        }
    }
}
