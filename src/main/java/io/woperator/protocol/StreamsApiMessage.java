package io.woperator.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/**
 * Every message of the streams API at /api/streams (a WebSocket for admins), as {@code {"type": ..., "payload":
 * ...}}:
 * <pre>
 *   client → server   createStream {id, description, source}, startStream {id}, stopStream {id},
 *                     deleteStream {id, force}, getStreams,
 *                     startRecording {id, format}, stopRecording {id}, getRecordings,
 *                     startPublishing {id, url, token}, stopPublishing {id}, getPublishing {id}
 *   server → client   streams [info...] (to getStreams), streamCreated / streamStarted / streamStopped /
 *                     streamDeleted info (to each change), stats [stats...] (every second),
 *                     recordingStarted / recordingStopped recording, recordings [file...],
 *                     publishing {stream, url, state, since, lastError} (to each of the three), error {code, message}
 * </pre>
 * The plain-HTTP API at the same path takes the same payloads (see {@link StreamsHttpApi}).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = StreamsApiMessage.CreateStream.class, name = "createStream"),
    @JsonSubTypes.Type(value = StreamsApiMessage.StartStream.class, name = "startStream"),
    @JsonSubTypes.Type(value = StreamsApiMessage.StopStream.class, name = "stopStream"),
    @JsonSubTypes.Type(value = StreamsApiMessage.DeleteStream.class, name = "deleteStream"),
    @JsonSubTypes.Type(value = StreamsApiMessage.GetStreams.class, name = "getStreams"),
    @JsonSubTypes.Type(value = StreamsApiMessage.Streams.class, name = "streams"),
    @JsonSubTypes.Type(value = StreamsApiMessage.StreamCreated.class, name = "streamCreated"),
    @JsonSubTypes.Type(value = StreamsApiMessage.StreamStarted.class, name = "streamStarted"),
    @JsonSubTypes.Type(value = StreamsApiMessage.StreamStopped.class, name = "streamStopped"),
    @JsonSubTypes.Type(value = StreamsApiMessage.StreamDeleted.class, name = "streamDeleted"),
    @JsonSubTypes.Type(value = StreamsApiMessage.Stats.class, name = "stats"),
    @JsonSubTypes.Type(value = StreamsApiMessage.StartRecording.class, name = "startRecording"),
    @JsonSubTypes.Type(value = StreamsApiMessage.StopRecording.class, name = "stopRecording"),
    @JsonSubTypes.Type(value = StreamsApiMessage.GetRecordings.class, name = "getRecordings"),
    @JsonSubTypes.Type(value = StreamsApiMessage.RecordingStarted.class, name = "recordingStarted"),
    @JsonSubTypes.Type(value = StreamsApiMessage.RecordingStopped.class, name = "recordingStopped"),
    @JsonSubTypes.Type(value = StreamsApiMessage.Recordings.class, name = "recordings"),
    @JsonSubTypes.Type(value = StreamsApiMessage.StartPublishing.class, name = "startPublishing"),
    @JsonSubTypes.Type(value = StreamsApiMessage.StopPublishing.class, name = "stopPublishing"),
    @JsonSubTypes.Type(value = StreamsApiMessage.GetPublishing.class, name = "getPublishing"),
    @JsonSubTypes.Type(value = StreamsApiMessage.Publishing.class, name = "publishing"),
    @JsonSubTypes.Type(value = StreamsApiMessage.Error.class, name = "error"),
})
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface StreamsApiMessage {

    /** What the client asks: each request goes to its own method of a {@link RequestHandler}. */
    sealed interface Request extends StreamsApiMessage {
        <R, X extends Exception> R handledBy(RequestHandler<R, X> handler) throws X;
    }

    /**
     * Handles every request, one method per kind: a request added to this family is a compile error in each handler
     * until it is handled there.
     *
     * @param <R> what handling answers
     * @param <X> what handling may throw
     */
    interface RequestHandler<R, X extends Exception> {
        R createStream(CreateStream request) throws X;

        R startStream(StartStream request) throws X;

        R stopStream(StopStream request) throws X;

        R deleteStream(DeleteStream request) throws X;

        R getStreams(GetStreams request) throws X;

        R startRecording(StartRecording request) throws X;

        R stopRecording(StopRecording request) throws X;

        R getRecordings(GetRecordings request) throws X;

        R startPublishing(StartPublishing request) throws X;

        R stopPublishing(StopPublishing request) throws X;

        R getPublishing(GetPublishing request) throws X;
    }

    /** Names one stream; {@code force} only matters to deleteStream. */
    record StreamRef(String id, Boolean force) {
        public StreamRef {
            if (id == null || id.isBlank()) {
                throw new IllegalArgumentException("'payload.id' is required");
            }
        }

        public boolean forced() {
            return Boolean.TRUE.equals(force);
        }
    }

    record CreateStream(StreamSpec payload) implements Request {
        public CreateStream {
            required(payload);
        }

        @Override
        public <R, X extends Exception> R handledBy(RequestHandler<R, X> handler) throws X {
            return handler.createStream(this);
        }
    }

    record StartStream(StreamRef payload) implements Request {
        public StartStream {
            required(payload);
        }

        @Override
        public <R, X extends Exception> R handledBy(RequestHandler<R, X> handler) throws X {
            return handler.startStream(this);
        }
    }

    record StopStream(StreamRef payload) implements Request {
        public StopStream {
            required(payload);
        }

        @Override
        public <R, X extends Exception> R handledBy(RequestHandler<R, X> handler) throws X {
            return handler.stopStream(this);
        }
    }

    record DeleteStream(StreamRef payload) implements Request {
        public DeleteStream {
            required(payload);
        }

        @Override
        public <R, X extends Exception> R handledBy(RequestHandler<R, X> handler) throws X {
            return handler.deleteStream(this);
        }
    }

    record GetStreams() implements Request {
        @Override
        public <R, X extends Exception> R handledBy(RequestHandler<R, X> handler) throws X {
            return handler.getStreams(this);
        }
    }

    /** Names the stream to record; {@code format} webm or mp4, or null for the server's {@code --recording-format}. */
    record RecordingRef(String id, String format) {
        public RecordingRef {
            if (id == null || id.isBlank()) {
                throw new IllegalArgumentException("'payload.id' is required");
            }
            if (format != null && !format.equals("webm") && !format.equals("mp4")) {
                throw new IllegalArgumentException("'payload.format' is webm or mp4");
            }
        }
    }

    record StartRecording(RecordingRef payload) implements Request {
        public StartRecording {
            required(payload);
        }

        @Override
        public <R, X extends Exception> R handledBy(RequestHandler<R, X> handler) throws X {
            return handler.startRecording(this);
        }
    }

    record StopRecording(StreamRef payload) implements Request {
        public StopRecording {
            required(payload);
        }

        @Override
        public <R, X extends Exception> R handledBy(RequestHandler<R, X> handler) throws X {
            return handler.stopRecording(this);
        }
    }

    record GetRecordings() implements Request {
        @Override
        public <R, X extends Exception> R handledBy(RequestHandler<R, X> handler) throws X {
            return handler.getRecordings(this);
        }
    }

    /** Names the stream to publish, the WHIP endpoint to publish it to, and the endpoint's bearer token if any. */
    record PublishingTarget(String id, String url, String token) {
        public PublishingTarget {
            if (id == null || id.isBlank()) {
                throw new IllegalArgumentException("'payload.id' is required");
            }
            if (url == null || url.isBlank()) {
                throw new IllegalArgumentException("'payload.url' is required: the WHIP endpoint's address");
            }
        }

        @Override
        public String toString() {
            return "PublishingTarget[" + id + " to " + url + "]"; // never the token
        }
    }

    record StartPublishing(PublishingTarget payload) implements Request {
        public StartPublishing {
            required(payload);
        }

        @Override
        public <R, X extends Exception> R handledBy(RequestHandler<R, X> handler) throws X {
            return handler.startPublishing(this);
        }
    }

    record StopPublishing(StreamRef payload) implements Request {
        public StopPublishing {
            required(payload);
        }

        @Override
        public <R, X extends Exception> R handledBy(RequestHandler<R, X> handler) throws X {
            return handler.stopPublishing(this);
        }
    }

    record GetPublishing(StreamRef payload) implements Request {
        public GetPublishing {
            required(payload);
        }

        @Override
        public <R, X extends Exception> R handledBy(RequestHandler<R, X> handler) throws X {
            return handler.getPublishing(this);
        }
    }

    /** The server's answer to a request (or its push of statistics): what it carries is its payload. */
    sealed interface Reply extends StreamsApiMessage {
        Object payload();
    }

    record Publishing(PublishingInfo payload) implements Reply {
    }

    record RecordingStarted(RecordingInfo payload) implements Reply {
    }

    record RecordingStopped(RecordingInfo payload) implements Reply {
    }

    record Recordings(List<RecordingInfo.File> payload) implements Reply {
    }

    record Streams(List<StreamInfo> payload) implements Reply {
    }

    record StreamCreated(StreamInfo payload) implements Reply {
    }

    record StreamStarted(StreamInfo payload) implements Reply {
    }

    record StreamStopped(StreamInfo payload) implements Reply {
    }

    record StreamDeleted(StreamInfo payload) implements Reply {
    }

    record Stats(List<StreamStats> payload) implements Reply {
    }

    record Error(String code, String message) implements StreamsApiMessage {
    }

    private static void required(Object payload) {
        if (payload == null) {
            throw new IllegalArgumentException("'payload' is required");
        }
    }
}
