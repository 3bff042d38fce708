package io.woperator.rtc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCDataChannelInit;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCRtpTransceiver;
import dev.onvoid.webrtc.RTCRtpTransceiverDirection;
import dev.onvoid.webrtc.RTCRtpTransceiverInit;
import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.media.SyncClock;
import dev.onvoid.webrtc.media.audio.AudioDeviceModule;
import dev.onvoid.webrtc.media.audio.AudioLayer;
import dev.onvoid.webrtc.media.video.CustomVideoSource;
import dev.onvoid.webrtc.media.video.VideoTrack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Freeing closed peers' native memory, on webrtc-java's real library in this process. */
class NativePeerReleaseIT {

    private static AudioDeviceModule audio;
    private static PeerConnectionFactory factory;
    private static CustomVideoSource source;
    private static VideoTrack track;

    @BeforeAll
    static void makeFactory() {
        audio = new AudioDeviceModule(AudioLayer.kDummyAudio);
        factory = new PeerConnectionFactory(audio);
        source = new CustomVideoSource(new SyncClock());
        track = factory.createVideoTrack("video", source);
    }

    @AfterAll
    static void disposeFactory() {
        track.dispose();
        source.dispose();
        try {
            factory.dispose();
        } catch (Error e) {
            // the peers the baseline kept still hold the factory, as every peer did before NativePeerRelease
        }
        audio.dispose();
    }

    @Test
    void aClosedPeerIsFreedAndItsJavaObjectsCannotReachItAnyMore() throws Exception {
        NativePeerRelease release = NativePeerRelease.create(true);
        Peer peer = Peer.make();
        peer.close(release);
        assertEquals(1, release.freed(), "the peer's last reference was ours");
        // a later call fails in Java instead of reaching freed memory
        assertThrows(RuntimeException.class, () -> peer.connection().getSenders());
        assertThrows(RuntimeException.class, () -> peer.video().getSender());
    }

    @Test
    void theVersionIsReadFromWebrtcJavaItself() throws Exception {
        String jar = Path.of(RTCPeerConnection.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .getFileName().toString();
        assertEquals("webrtc-java-" + NativePeerRelease.libraryVersion() + ".jar", jar);
        assertTrue(NativePeerRelease.create(true).enabled(), "on for the version it was verified on");
    }

    /** A webrtc-java it was not verified on frees peers in close() itself (its main branch does): nothing more. */
    @Test
    void anotherVersionOfWebrtcJavaIsLeftToFreeItsOwnPeers() throws Exception {
        NativePeerRelease release = NativePeerRelease.create(true, "0.16.0");
        assertFalse(release.enabled());
        Peer peer = Peer.make();
        peer.close(release);
        assertEquals(0, release.freed());
        assertNotNull(peer.video().getSender(), "the transceiver was not released under webrtc-java");
        assertFalse(NativePeerRelease.create(true, null).enabled(), "nor where the version is not known");
    }

    @Test
    void closingPeersGrowsTheProcessAFractionOfWhatKeepingThemDoes() throws Exception {
        int peers = 150;
        // the first peers grow libwebrtc's pools and the JIT's code: not counted
        churn(NativePeerRelease.create(true), 30);
        double freedKb = churn(NativePeerRelease.create(true), peers) / peers;
        double keptKb = churn(NativePeerRelease.create(false), peers) / peers;
        System.out.printf("native memory per peer made and closed: %.1f kB freed, %.1f kB kept (%.2fx)%n", freedKb,
                keptKb, freedKb / keptKb);
        assertTrue(freedKb < keptKb / 2, freedKb + " kB a peer against " + keptKb);
    }

    /** Makes and closes peers one after another; returns how much RSS grew, kB. */
    private static double churn(NativePeerRelease release, int count) throws Exception {
        System.gc();
        long before = rssKb();
        for (int i = 0; i < count; i++) {
            Peer.make().close(release);
        }
        System.gc();
        return rssKb() - before;
    }

    private static long rssKb() throws Exception {
        return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmRSS:"))
                .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElseThrow();
    }

    /** A peer as a viewer's is made: a video transceiver, a data channel, an offer applied (ICE gathering). */
    private record Peer(RTCPeerConnection connection, RTCRtpTransceiver video) {
        static Peer make() throws Exception {
            RTCPeerConnection connection = factory.createPeerConnection(new RTCConfiguration(),
                    new PeerConnectionObserver() {
                        @Override
                        public void onIceCandidate(RTCIceCandidate candidate) {
                            // nobody to send it to
                        }
                    });
            RTCRtpTransceiverInit init = new RTCRtpTransceiverInit();
            init.direction = RTCRtpTransceiverDirection.SEND_ONLY;
            init.streamIds = List.of("s");
            RTCRtpTransceiver video = connection.addTransceiver(track, init);
            RTCDataChannel input = connection.createDataChannel("input", new RTCDataChannelInit());
            String offer = SessionDescriptions.createLocal(connection, RTCSdpType.OFFER).get();
            assertTrue(offer.contains("m=video"));
            input.close();
            try {
                input.dispose();
            } catch (Error e) {
                // the peer holds the channel too: our reference is dropped all the same
            }
            return new Peer(connection, video);
        }

        /** As a viewer's peer closes: the shared track taken off first. */
        void close(NativePeerRelease release) {
            connection.removeTrack(video.getSender());
            release.close(connection, List.of(video));
        }
    }
}
