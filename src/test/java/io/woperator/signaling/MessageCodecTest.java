package io.woperator.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.woperator.protocol.ErrorCode;
import io.woperator.protocol.InputMessage;
import io.woperator.protocol.ServerMessage;
import io.woperator.protocol.ViewerMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MessageCodecTest {
    private final MessageCodec codec = new MessageCodec();

    @Test
    void encodesEveryMessageWithItsType() {
        assertEquals("{\"type\":\"offer\",\"sdp\":\"v=0\"}", codec.encode(new ServerMessage.Offer("v=0")));
        assertEquals("{\"type\":\"bye\",\"reason\":\"shutting down\"}", codec.encode(new ServerMessage.Bye("shutting down")));
        assertEquals("{\"type\":\"candidate\",\"candidate\":\"candidate:1\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0}",
                codec.encode(new ViewerMessage.Candidate("candidate:1", "0", 0, null)));
    }

    @Test
    void decodesWhatTheViewerSends() throws ProtocolException {
        assertEquals(new ViewerMessage.Hello(), codec.decode("{\"type\":\"hello\"}"));
        ViewerMessage answer = codec.decode("{\"type\":\"answer\",\"sdp\":\"v=0\",\"extra\":true}");
        assertEquals(new ViewerMessage.Answer("v=0"), answer);
        ViewerMessage candidate = codec.decode("{\"type\":\"candidate\",\"candidate\":\"\",\"sdpMLineIndex\":0}");
        assertInstanceOf(ViewerMessage.Candidate.class, candidate);
        assertEquals(new InputMessage.Key(0x61, true), codec.decodeInput("{\"type\":\"key\",\"keysym\":97,\"down\":true}"));
    }

    @Test
    void inputAndTheDesktopsNewsTravelTheSocketWrapped() throws ProtocolException {
        // a viewer whose picture comes through Janus has no data channel to the server
        assertEquals(new ViewerMessage.Input(new InputMessage.Button(1, true)),
                codec.decode("{\"type\":\"input\",\"event\":{\"type\":\"button\",\"button\":1,\"down\":true}}"));
        assertEquals("{\"type\":\"desktop\",\"event\":{\"type\":\"clipboard\",\"text\":\"hi\"}}",
                codec.encode(new ServerMessage.Desktop(new InputMessage.Clipboard("hi"))));
        for (String json : new String[] {"{\"type\":\"input\"}", "{\"type\":\"input\",\"event\":{\"type\":\"offer\"}}",
            "{\"type\":\"input\",\"event\":{\"type\":\"button\",\"button\":99,\"down\":true}}"}) {
            assertThrows(ProtocolException.class, () -> codec.decode(json), json);
        }
    }

    @Test
    void aMessageOnTheWrongChannelIsAnUnknownType() {
        // the server's messages are no viewer's, input belongs on the data channel, and the other way round
        for (String json : new String[] {"{\"type\":\"offer\",\"sdp\":\"v=0\"}", "{\"type\":\"welcome\"}",
            "{\"type\":\"key\",\"keysym\":97,\"down\":true}", "{\"type\":\"cursor\"}"}) {
            ProtocolException e = assertThrows(ProtocolException.class, () -> codec.decode(json));
            assertEquals(ErrorCode.UNKNOWN_TYPE, e.code(), json);
        }
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> codec.decodeInput("{\"type\":\"answer\",\"sdp\":\"v=0\"}"));
        assertEquals(ErrorCode.UNKNOWN_TYPE, e.code());
    }

    @Test
    void recordsOfTwoChannelsKeepOneName() {
        assertEquals("{\"type\":\"quality\",\"codec\":\"vp8\",\"fps\":30}",
                codec.encode(new ViewerMessage.Quality("vp8", null, 30, null)));
        assertEquals("{\"type\":\"clipboard\",\"text\":\"hi\"}", codec.encode(new InputMessage.Clipboard("hi")));
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
