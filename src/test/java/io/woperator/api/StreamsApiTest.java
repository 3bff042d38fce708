package io.woperator.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.woperator.protocol.StreamState;
import io.woperator.protocol.StreamStats;
import io.woperator.protocol.StreamsApiMessage;
import io.woperator.stream.StreamException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The API's messages as JSON, both ways, without a server. */
class StreamsApiTest {

    private final StreamsApi api = new StreamsApi(null, null, null);

    @Test
    void readsEveryRequestInTheSeedsShape() throws StreamException {
        StreamsApiMessage.CreateStream create = assertInstanceOf(StreamsApiMessage.CreateStream.class, api.decode(
                "{\"type\":\"createStream\",\"payload\":{\"id\":\"cam1\",\"description\":\"Front camera\","
                        + "\"source\":{\"kind\":\"v4l2\",\"device\":\"/dev/video0\",\"size\":\"1280x720\",\"fps\":30}}}"));
        assertEquals("/dev/video0", create.payload().source().device());
        assertEquals("cam1", assertInstanceOf(StreamsApiMessage.StartStream.class,
                api.decode("{\"type\":\"startStream\",\"payload\":{\"id\":\"cam1\"}}")).payload().id());
        assertInstanceOf(StreamsApiMessage.StopStream.class, api.decode("{\"type\":\"stopStream\",\"payload\":{\"id\":\"a\"}}"));
        assertTrue(assertInstanceOf(StreamsApiMessage.DeleteStream.class,
                api.decode("{\"type\":\"deleteStream\",\"payload\":{\"id\":\"a\",\"force\":true}}")).payload().forced());
        assertInstanceOf(StreamsApiMessage.GetStreams.class, api.decode("{\"type\":\"getStreams\"}"));
        StreamsApiMessage.PublishingTarget target = assertInstanceOf(StreamsApiMessage.StartPublishing.class,
                api.decode("{\"type\":\"startPublishing\",\"payload\":{\"id\":\"desktop\","
                        + "\"url\":\"https://media.example/whip\",\"token\":\"s3cret\"}}")).payload();
        assertEquals("s3cret", target.token());
        assertEquals("PublishingTarget[desktop to https://media.example/whip]", target.toString(), "no token");
        assertInstanceOf(StreamsApiMessage.StopPublishing.class,
                api.decode("{\"type\":\"stopPublishing\",\"payload\":{\"id\":\"desktop\"}}"));
        assertInstanceOf(StreamsApiMessage.GetPublishing.class,
                api.decode("{\"type\":\"getPublishing\",\"payload\":{\"id\":\"desktop\"}}"));
    }

    @Test
    void eachMistakeHasItsCode() {
        assertCode("{nope", StreamException.Code.MALFORMED_JSON);
        assertCode("[]", StreamException.Code.INVALID_MESSAGE);
        assertCode("{\"payload\":{}}", StreamException.Code.INVALID_MESSAGE);
        assertCode("{\"type\":\"createPipeline\"}", StreamException.Code.UNKNOWN_TYPE);
        assertCode("{\"type\":\"startStream\"}", StreamException.Code.INVALID_MESSAGE);
        assertCode("{\"type\":\"startStream\",\"payload\":{\"id\":7}}", StreamException.Code.INVALID_MESSAGE);
        assertCode("{\"type\":\"createStream\",\"payload\":{\"id\":\"a\",\"source\":{\"kind\":\"tv\"}}}",
                StreamException.Code.INVALID_STREAM);
        assertCode("{\"type\":\"startPublishing\",\"payload\":{\"id\":\"desktop\"}}",
                StreamException.Code.INVALID_MESSAGE);
        // what the server sends is no request
        assertCode("{\"type\":\"streams\",\"payload\":[]}", StreamException.Code.UNKNOWN_TYPE);
        assertCode("{\"type\":\"error\",\"code\":\"x\",\"message\":\"y\"}", StreamException.Code.UNKNOWN_TYPE);
    }

    @Test
    void writesRepliesWithTypeAndPayload() {
        String stats = api.encode(new StreamsApiMessage.Stats(List.of(new StreamStats("cam1", StreamState.FAILED, 0, 12,
                640, 480, 1, 0, 3, "no camera at /dev/video0"))));
        assertEquals("{\"type\":\"stats\",\"payload\":[{\"id\":\"cam1\",\"state\":\"failed\",\"fps\":0.0,\"frames\":12,"
                + "\"width\":640,\"height\":480,\"viewers\":1,\"kbps\":0.0,\"framesDropped\":3,"
                + "\"lastError\":\"no camera at /dev/video0\"}]}", stats);
        assertEquals("{\"type\":\"error\",\"code\":\"stream-watched\",\"message\":\"m\"}", api.encode(StreamsApi.error(
                new StreamException(StreamException.Code.STREAM_WATCHED, "m"))));
    }

    private void assertCode(String json, StreamException.Code code) {
        StreamException e = assertThrows(StreamException.class, () -> api.decode(json), json);
        assertEquals(code, e.code(), json + ": " + e.getMessage());
    }
}
