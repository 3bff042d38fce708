package io.woperator.config;

import java.util.Locale;

/** The video codecs a viewer can be offered, by the name libwebrtc gives them in SDP. */
public enum VideoCodec {
    VP8("VP8"),
    VP9("VP9"),
    H264("H264"),
    AV1("AV1");

    private final String sdpName;

    VideoCodec(String sdpName) {
        this.sdpName = sdpName;
    }

    public String sdpName() {
        return sdpName;
    }

    /** Accepts "vp8", "VP8", "h264", "H.264" and the like. */
    public static VideoCodec parse(String text) {
        String key = text.trim().toUpperCase(Locale.ROOT).replace(".", "");
        for (VideoCodec codec : values()) {
            if (codec.name().equals(key)) {
                return codec;
            }
        }
        throw new IllegalArgumentException("unknown video codec '" + text + "' (choose vp8, vp9, h264 or av1)");
    }
}
