package io.woperator.api;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.woperator.config.RecordingFormat;
import io.woperator.protocol.JsonCodec;
import io.woperator.protocol.StreamInfo;
import io.woperator.protocol.StreamsApiMessage;
import io.woperator.protocol.Texts;
import io.woperator.recording.RecordingException;
import io.woperator.recording.Recordings;
import io.woperator.stream.Stream;
import io.woperator.stream.StreamException;
import io.woperator.stream.StreamRegistry;
import io.woperator.whip.WhipException;
import io.woperator.whip.WhipPublishing;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the streams API does with each request, whichever door it came through (WebSocket or plain HTTP): the
 * reply, or a {@link StreamException} with the code to answer.
 */
public final class StreamsApi {

    private final StreamRegistry streams;
    private final Recordings recordings;
    private final WhipPublishing publishing;
    private final JsonCodec<StreamsApiMessage> codec = new JsonCodec<>(StreamsApiMessage.class);
    private final LongAdder requests = new LongAdder();
    private final Handling handling = new Handling();

    public StreamsApi(StreamRegistry streams, Recordings recordings, WhipPublishing publishing) {
        this.streams = streams;
        this.recordings = recordings;
        this.publishing = publishing;
    }

    public Recordings recordings() {
        return recordings;
    }

    public WhipPublishing publishing() {
        return publishing;
    }

    public StreamRegistry streams() {
        return streams;
    }

    /** Registers woperator_api_requests: requests handled since start, over either door. */
    public void registerMeters(PrometheusRegistry registry) {
        CounterWithCallback.builder().name("woperator_api_requests").help("Requests to the streams API")
                .callback(out -> out.call(requests.sum())).register(registry);
    }

    public StreamsApiMessage.Reply handle(StreamsApiMessage.Request request) throws StreamException {
        requests.increment();
        return request.handledBy(handling);
    }

    /** One method per request: the compiler names a request that has none. */
    private final class Handling
            implements StreamsApiMessage.RequestHandler<StreamsApiMessage.Reply, StreamException> {
        @Override
        public StreamsApiMessage.Reply createStream(StreamsApiMessage.CreateStream request) throws StreamException {
            return new StreamsApiMessage.StreamCreated(streams.create(request.payload()));
        }

        @Override
        public StreamsApiMessage.Reply startStream(StreamsApiMessage.StartStream request) throws StreamException {
            return new StreamsApiMessage.StreamStarted(streams.start(request.payload().id()));
        }

        @Override
        public StreamsApiMessage.Reply stopStream(StreamsApiMessage.StopStream request) throws StreamException {
            return new StreamsApiMessage.StreamStopped(streams.stop(request.payload().id()));
        }

        @Override
        public StreamsApiMessage.Reply deleteStream(StreamsApiMessage.DeleteStream request) throws StreamException {
            StreamInfo deleted = streams.delete(request.payload().id(), request.payload().forced());
            if (recordings.recordingOf(deleted.id()) != null) {
                try {
                    recordings.stop(deleted.id()); // the file keeps what was recorded
                } catch (RecordingException e) {
                    // it stopped by itself meanwhile
                }
            }
            if (publishing.publishing(deleted.id())) {
                try {
                    publishing.stop(deleted.id());
                } catch (WhipException e) {
                    // stopped meanwhile
                }
            }
            return new StreamsApiMessage.StreamDeleted(deleted);
        }

        @Override
        public StreamsApiMessage.Reply getStreams(StreamsApiMessage.GetStreams request) {
            return new StreamsApiMessage.Streams(streams.list());
        }

        @Override
        public StreamsApiMessage.Reply startRecording(StreamsApiMessage.StartRecording request) throws StreamException {
            Stream stream = existing(request.payload().id());
            String format = request.payload().format();
            try {
                return new StreamsApiMessage.RecordingStarted(recordings.start(new Recordings.Source(stream.id(),
                        stream.fps(), stream.hasVideo(), stream.hasSound(), stream::tap),
                        format == null ? null : RecordingFormat.parse(format)));
            } catch (RecordingException e) {
                throw refused(e);
            }
        }

        @Override
        public StreamsApiMessage.Reply stopRecording(StreamsApiMessage.StopRecording request) throws StreamException {
            try {
                return new StreamsApiMessage.RecordingStopped(recordings.stop(existing(request.payload().id()).id()));
            } catch (RecordingException e) {
                throw refused(e);
            }
        }

        @Override
        public StreamsApiMessage.Reply getRecordings(StreamsApiMessage.GetRecordings request) throws StreamException {
            try {
                return new StreamsApiMessage.Recordings(recordings.list());
            } catch (RecordingException e) {
                throw refused(e);
            }
        }

        @Override
        public StreamsApiMessage.Reply startPublishing(StreamsApiMessage.StartPublishing request)
                throws StreamException {
            StreamsApiMessage.PublishingTarget target = request.payload();
            Stream stream = existing(target.id());
            try {
                return new StreamsApiMessage.Publishing(publishing.start(new WhipPublishing.Source(stream.id(),
                        stream.viewers(), stream.tracks()), target.url(), target.token()));
            } catch (WhipException e) {
                throw refused(e);
            }
        }

        @Override
        public StreamsApiMessage.Reply stopPublishing(StreamsApiMessage.StopPublishing request) throws StreamException {
            try {
                return new StreamsApiMessage.Publishing(publishing.stop(existing(request.payload().id()).id()));
            } catch (WhipException e) {
                throw refused(e);
            }
        }

        @Override
        public StreamsApiMessage.Reply getPublishing(StreamsApiMessage.GetPublishing request) throws StreamException {
            try {
                return new StreamsApiMessage.Publishing(publishing.info(existing(request.payload().id()).id()));
            } catch (WhipException e) {
                throw refused(e);
            }
        }
    }

    private static StreamException refused(WhipException e) {
        return new StreamException(switch (e.reason()) {
            case ALREADY_PUBLISHING -> StreamException.Code.ALREADY_PUBLISHING;
            case NOT_PUBLISHING -> StreamException.Code.NOT_PUBLISHING;
            case INVALID_TARGET -> StreamException.Code.INVALID_MESSAGE;
            case REFUSED -> StreamException.Code.UNAVAILABLE;
        }, e.getMessage());
    }

    private static StreamException refused(RecordingException e) {
        return new StreamException(switch (e.reason()) {
            case ALREADY_RECORDING -> StreamException.Code.ALREADY_RECORDING;
            case NOT_RECORDING -> StreamException.Code.NOT_RECORDING;
            case CANNOT_RECORD -> StreamException.Code.CANNOT_RECORD;
        }, e.getMessage());
    }

    /** A request from its JSON; anything else (a server's message, bad JSON) is a {@link StreamException}. */
    public StreamsApiMessage.Request decode(String text) throws StreamException {
        StreamsApiMessage message;
        try {
            message = codec.decode(text);
        } catch (JsonCodec.DecodeException e) {
            StreamException.Code code = switch (e.failure()) {
                case MALFORMED_JSON -> StreamException.Code.MALFORMED_JSON;
                case UNKNOWN_TYPE -> StreamException.Code.UNKNOWN_TYPE;
                // a stream described wrongly is answered the same as over plain HTTP
                case INVALID_MESSAGE -> "createStream".equals(e.type()) ? StreamException.Code.INVALID_STREAM
                        : StreamException.Code.INVALID_MESSAGE;
            };
            throw new StreamException(code, e.getMessage());
        }
        if (!(message instanceof StreamsApiMessage.Request request)) {
            throw new StreamException(StreamException.Code.UNKNOWN_TYPE, "'" + typeName(message)
                    + "' is a message the server sends; ask with createStream, startStream, stopStream, deleteStream, "
                    + "getStreams, startRecording, stopRecording, getRecordings, startPublishing, stopPublishing or "
                    + "getPublishing");
        }
        return request;
    }

    public String encode(StreamsApiMessage message) {
        return codec.encode(message);
    }

    /** A reply's payload alone, as the plain-HTTP API answers. */
    public String encodePayload(Object payload) {
        return codec.encodeValue(payload);
    }

    private Stream existing(String id) throws StreamException {
        Stream stream = streams.find(id);
        if (stream == null) {
            throw new StreamException(StreamException.Code.UNKNOWN_STREAM, "no stream named '" + Texts.clip(id, 64)
                    + "'");
        }
        return stream;
    }

    public static StreamsApiMessage.Error error(StreamException e) {
        return new StreamsApiMessage.Error(e.code().wireName(), e.getMessage());
    }

    private static String typeName(StreamsApiMessage message) {
        String name = message.getClass().getSimpleName();
        return Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }
}
