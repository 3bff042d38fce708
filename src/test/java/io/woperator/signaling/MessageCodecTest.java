package io.woperator.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class MessageCodecTest {
    private final MessageCodec codec = new MessageCodec();

    @Test
    void encodesEveryMessageWithItsType() {
        assertEquals("{\"type\":\"offer\",\"sdp\":\"v=0\"}", codec.encode(new SignalMessage.Offer("v=0")));
        assertEquals("{\"type\":\"bye\",\"reason\":\"shutting down\"}", codec.encode(new SignalMessage.Bye("shutting down")));
        assertEquals("{\"type\":\"candidate\",\"candidate\":\"candidate:1\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0}",
                codec.encode(new SignalMessage.Candidate("candidate:1", "0", 0, null)));
    }

    @Test
    void decodesWhatTheViewerSends() throws ProtocolException {
        SignalMessage answer = codec.decode("{\"type\":\"answer\",\"sdp\":\"v=0\",\"extra\":true}");
        assertEquals(new SignalMessage.Answer("v=0"), answer);
        SignalMessage candidate = codec.decode("{\"type\":\"candidate\",\"candidate\":\"\",\"sdpMLineIndex\":0}");
        assertInstanceOf(SignalMessage.Candidate.class, candidate);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{not json                                        | MALFORMED_JSON",
        "{\"type\":\"answer\",\"sdp\":\"v=0\"} trailing   | MALFORMED_JSON",
        "{\"type\":\"nope\"}                              | UNKNOWN_TYPE",
        "{\"sdp\":\"v=0\"}                                | INVALID_MESSAGE",
        "[1,2]                                            | INVALID_MESSAGE",
        "\"text\"                                         | INVALID_MESSAGE",
        "null                                             | INVALID_MESSAGE",
        "{\"type\":\"answer\"}                            | INVALID_MESSAGE",
        "{\"type\":\"answer\",\"sdp\":42}                 | INVALID_MESSAGE",
        "{\"type\":\"answer\",\"sdp\":{}}                 | INVALID_MESSAGE",
        "{\"type\":\"candidate\",\"candidate\":\"c\"}     | INVALID_MESSAGE",
        "{\"type\":\"candidate\",\"candidate\":\"c\",\"sdpMLineIndex\":-1} | INVALID_MESSAGE",
        "{\"type\":\"candidate\",\"candidate\":\"c\",\"sdpMLineIndex\":0,\"peer\":\"x\"} | INVALID_MESSAGE",
        "{\"type\":\"microphone-offer\"}                | INVALID_MESSAGE",
    })
    void badInputBecomesAProtocolErrorWithItsCode(String json, ErrorCode code) {
        ProtocolException e = assertThrows(ProtocolException.class, () -> codec.decode(json.trim()));
        assertEquals(code, e.code(), e.getMessage());
    }
}
