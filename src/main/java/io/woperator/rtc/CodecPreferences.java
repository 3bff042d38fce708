package io.woperator.rtc;

import dev.onvoid.webrtc.RTCRtpCodecCapability;
import io.woperator.config.VideoCodec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Orders the video codecs a viewer is offered: the configured codec first, so the browser picks it, then the
 * others as fallbacks for browsers that lack it. For H.264, packetization-mode 1 and constrained baseline lead,
 * since that is what every browser decodes.
 */
public final class CodecPreferences {

    private CodecPreferences() {
    }

    public static List<RTCRtpCodecCapability> order(List<RTCRtpCodecCapability> available, VideoCodec preferred) {
        List<RTCRtpCodecCapability> ordered = new ArrayList<>(available);
        ordered.sort(Comparator.comparingInt((RTCRtpCodecCapability c) -> rank(c, preferred)));
        if (ordered.isEmpty() || rank(ordered.get(0), preferred) != 0) {
            throw new IllegalStateException("this build of libwebrtc cannot send " + preferred.sdpName());
        }
        return ordered;
    }

    private static int rank(RTCRtpCodecCapability codec, VideoCodec preferred) {
        if (!codec.getName().equalsIgnoreCase(preferred.sdpName())) {
            return 10;
        }
        if (preferred != VideoCodec.H264) {
            return 0;
        }
        String mode = codec.getSDPFmtp().getOrDefault("packetization-mode", "0");
        String profile = codec.getSDPFmtp().getOrDefault("profile-level-id", "");
        return (mode.equals("1") ? 0 : 2) + (profile.startsWith("42e0") ? 0 : 1);
    }
}
