package io.woperator.rtc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.woperator.config.Settings;
import org.junit.jupiter.api.Test;

class AnswerTuningTest {
    private static final Settings.Bitrates RATES = new Settings.Bitrates(4000, 500, 12000);
    private static final String HINTS = "x-google-start-bitrate=4000;x-google-min-bitrate=500;x-google-max-bitrate=12000";

    private static final String ANSWER = String.join("\r\n",
            "v=0",
            "o=- 1 2 IN IP4 127.0.0.1",
            "s=-",
            "t=0 0",
            "m=video 9 UDP/TLS/RTP/SAVPF 96 97 98",
            "a=rtpmap:96 VP8/90000",
            "a=rtpmap:97 rtx/90000",
            "a=fmtp:97 apt=96",
            "a=rtpmap:98 H264/90000",
            "a=fmtp:98 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f",
            "m=audio 9 UDP/TLS/RTP/SAVPF 111",
            "a=rtpmap:111 opus/48000/2",
            "a=fmtp:111 minptime=10;useinbandfec=1",
            "") ;

    @Test
    void addsHintsToEveryVideoCodecButNotToRetransmissionAndStereoToOpus() {
        String out = AnswerTuning.apply(ANSWER, RATES);
        assertTrue(out.contains("a=fmtp:98 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f;" + HINTS));
        assertTrue(out.contains("a=fmtp:96 " + HINTS), "VP8 had no fmtp line and gets one");
        assertTrue(out.contains("a=fmtp:97 apt=96\r\n"), "rtx is left alone");
        assertTrue(out.contains("a=fmtp:111 minptime=10;useinbandfec=1;" + AnswerTuning.OPUS_PARAMS + "\r\n"),
                "Opus is made stereo");
    }

    @Test
    void addedLineStaysInsideTheVideoSection() {
        String out = AnswerTuning.apply(ANSWER, RATES);
        assertTrue(out.indexOf("a=fmtp:96 ") < out.indexOf("m=audio"));
    }

    @Test
    void keepsLineEndingsAndIsIdempotent() {
        String once = AnswerTuning.apply(ANSWER, RATES);
        assertFalse(once.replace("\r\n", "").contains("\n"));
        assertEquals(once, AnswerTuning.apply(once, RATES));
    }
}
