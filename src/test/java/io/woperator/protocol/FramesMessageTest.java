package io.woperator.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The data channel "frames": the viewer's messages as the page sends them, and the server's answer. */
class FramesMessageTest {

    private final JsonCodec<FramesMessage> codec = new JsonCodec<>(FramesMessage.class);

    @Test
    void theViewersMessagesAreRead() throws Exception {
        assertEquals(new FramesMessage.Start("H264"), codec.decode("{\"type\":\"start\",\"codec\":\"H264\"}"));
        assertEquals(new FramesMessage.Start(null), codec.decode("{\"type\":\"start\",\"codec\":null}"));
        assertEquals(new FramesMessage.Keyframe(), codec.decode("{\"type\":\"keyframe\"}"));
        assertEquals(new FramesMessage.Stop(), codec.decode("{\"type\":\"stop\"}"));
    }

    @Test
    void theRefusalSaysWhy() {
        assertEquals("{\"type\":\"refused\",\"reason\":\"AV1 cannot\"}",
                codec.encode(new FramesMessage.Refused("AV1 cannot")));
    }

    @Test
    void anotherChannelsMessageIsAnUnknownType() {
        JsonCodec.DecodeException e = assertThrows(JsonCodec.DecodeException.class,
                () -> codec.decode("{\"type\":\"key\",\"keysym\":65,\"down\":true}"));
        assertEquals(JsonCodec.Failure.UNKNOWN_TYPE, e.failure());
        assertEquals(JsonCodec.Failure.MALFORMED_JSON,
                assertThrows(JsonCodec.DecodeException.class, () -> codec.decode("{\"type\":")).failure());
    }
}
