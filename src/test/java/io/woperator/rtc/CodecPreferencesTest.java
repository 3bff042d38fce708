package io.woperator.rtc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.onvoid.webrtc.RTCRtpCodecCapability;
import dev.onvoid.webrtc.media.MediaType;
import io.woperator.config.VideoCodec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CodecPreferencesTest {
    private static RTCRtpCodecCapability codec(String name, Map<String, String> fmtp) {
        return new RTCRtpCodecCapability(MediaType.VIDEO, name, 90000, null, fmtp);
    }

    private static final List<RTCRtpCodecCapability> AVAILABLE = List.of(
            codec("VP8", Map.of()),
            codec("rtx", Map.of()),
            codec("VP9", Map.of("profile-id", "0")),
            codec("H264", Map.of("profile-level-id", "42001f", "packetization-mode", "0")),
            codec("H264", Map.of("profile-level-id", "4d001f", "packetization-mode", "1")),
            codec("H264", Map.of("profile-level-id", "42e01f", "packetization-mode", "1")),
            codec("AV1", Map.of()));

    @Test
    void preferredCodecLeadsAndTheRestStayAsFallbacks() {
        List<RTCRtpCodecCapability> ordered = CodecPreferences.order(AVAILABLE, VideoCodec.AV1);
        assertEquals("AV1", ordered.get(0).getName());
        assertEquals(AVAILABLE.size(), ordered.size());
    }

    @Test
    void h264PrefersConstrainedBaselineInPacketizationModeOne() {
        RTCRtpCodecCapability first = CodecPreferences.order(AVAILABLE, VideoCodec.H264).get(0);
        assertEquals("42e01f", first.getSDPFmtp().get("profile-level-id"));
        assertEquals("1", first.getSDPFmtp().get("packetization-mode"));
    }

    @Test
    void aCodecThisBuildCannotSendIsAClearError() {
        List<RTCRtpCodecCapability> vp8Only = List.of(codec("VP8", Map.of()));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> CodecPreferences.order(vp8Only, VideoCodec.AV1));
        assertEquals("this build of libwebrtc cannot send AV1", e.getMessage());
    }
}
