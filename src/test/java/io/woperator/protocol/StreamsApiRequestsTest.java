package io.woperator.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Each request of the streams API reaches its own method of a handler, and no request is left without one. */
class StreamsApiRequestsTest {

    /** Answers the name of the method a request reached. */
    private static final class Names implements StreamsApiMessage.RequestHandler<String, RuntimeException> {
        @Override
        public String createStream(StreamsApiMessage.CreateStream request) {
            return "createStream";
        }

        @Override
        public String startStream(StreamsApiMessage.StartStream request) {
            return "startStream";
        }

        @Override
        public String stopStream(StreamsApiMessage.StopStream request) {
            return "stopStream";
        }

        @Override
        public String deleteStream(StreamsApiMessage.DeleteStream request) {
            return "deleteStream";
        }

        @Override
        public String getStreams(StreamsApiMessage.GetStreams request) {
            return "getStreams";
        }

        @Override
        public String startRecording(StreamsApiMessage.StartRecording request) {
            return "startRecording";
        }

        @Override
        public String stopRecording(StreamsApiMessage.StopRecording request) {
            return "stopRecording";
        }

        @Override
        public String getRecordings(StreamsApiMessage.GetRecordings request) {
            return "getRecordings";
        }

        @Override
        public String startPublishing(StreamsApiMessage.StartPublishing request) {
            return "startPublishing";
        }

        @Override
        public String stopPublishing(StreamsApiMessage.StopPublishing request) {
            return "stopPublishing";
        }

        @Override
        public String getPublishing(StreamsApiMessage.GetPublishing request) {
            return "getPublishing";
        }
    }

    @Test
    void eachRequestReachesTheMethodOfItsName() {
        StreamsApiMessage.StreamRef ref = new StreamsApiMessage.StreamRef("a", null);
        List<StreamsApiMessage.Request> requests = List.of(
                new StreamsApiMessage.CreateStream(StreamSpec.parse("id=a,kind=test-pattern")),
                new StreamsApiMessage.StartStream(ref), new StreamsApiMessage.StopStream(ref),
                new StreamsApiMessage.DeleteStream(ref), new StreamsApiMessage.GetStreams(),
                new StreamsApiMessage.StartRecording(new StreamsApiMessage.RecordingRef("a", null)),
                new StreamsApiMessage.StopRecording(ref), new StreamsApiMessage.GetRecordings(),
                new StreamsApiMessage.StartPublishing(new StreamsApiMessage.PublishingTarget("a", "http://x/whip", null)),
                new StreamsApiMessage.StopPublishing(ref), new StreamsApiMessage.GetPublishing(ref));
        Names names = new Names();
        for (StreamsApiMessage.Request request : requests) {
            String type = request.getClass().getSimpleName();
            assertEquals(Character.toLowerCase(type.charAt(0)) + type.substring(1), request.handledBy(names));
        }
        Set<Class<?>> permitted = Arrays.stream(StreamsApiMessage.Request.class.getPermittedSubclasses())
                .collect(Collectors.toSet());
        assertEquals(permitted, requests.stream().map(Object::getClass).collect(Collectors.toSet()),
                "every kind of request is tried here");
    }
}
