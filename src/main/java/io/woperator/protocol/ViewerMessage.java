package io.woperator.protocol;

import static io.woperator.protocol.Checks.require;
import static io.woperator.protocol.Checks.requireText;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * What a viewer sends on the signaling WebSocket (/ws): each a JSON object whose {@code type} names one of these.
 * Anything else on this channel, a server's message included, is an unknown type.
 *
 * <pre>
 *   hello, answer, candidate, microphone-offer, microphone-stop, request-control, grant-control, release-control,
 *   quality
 * </pre>
 *
 * A viewer says hello first: only then does the server let it join and set anything up for it, and a socket that
 * says nothing is closed. The server then welcomes and offers ({@link ServerMessage}); the viewer answers; both
 * trickle ICE candidates. A viewer that turns its microphone on offers a second connection that carries it (candidates for it
 * say {@code "peer":"microphone"}), and stops it with microphone-stop. One viewer at a time drives the desktop: a
 * viewer asks with request-control; the driver (or an admin) hands over with grant-control. {@code quality}
 * changes the viewer's stream while it runs.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ViewerMessage.Hello.class, name = "hello"),
    @JsonSubTypes.Type(value = ViewerMessage.Answer.class, name = "answer"),
    @JsonSubTypes.Type(value = ViewerMessage.Candidate.class, name = "candidate"),
    @JsonSubTypes.Type(value = ViewerMessage.MicrophoneOffer.class, name = "microphone-offer"),
    @JsonSubTypes.Type(value = ViewerMessage.MicrophoneStop.class, name = "microphone-stop"),
    @JsonSubTypes.Type(value = ViewerMessage.RequestControl.class, name = "request-control"),
    @JsonSubTypes.Type(value = ViewerMessage.GrantControl.class, name = "grant-control"),
    @JsonSubTypes.Type(value = ViewerMessage.ReleaseControl.class, name = "release-control"),
    @JsonSubTypes.Type(value = ViewerMessage.Quality.class, name = "quality"),
    @JsonSubTypes.Type(value = ViewerMessage.Input.class, name = "input"),
})
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface ViewerMessage {

    /** Goes to the method of its kind in {@code handler}. */
    <X extends Exception> void handledBy(Handler<X> handler) throws X;

    /**
     * Handles every message a viewer sends: one method per kind, so a message added to this family is a compile
     * error in each handler until it is handled there.
     *
     * @param <X> what handling may throw
     */
    interface Handler<X extends Exception> {
        void hello(Hello message) throws X;

        void answer(Answer message) throws X;

        void candidate(Candidate message) throws X;

        void microphoneOffer(MicrophoneOffer message) throws X;

        void microphoneStop(MicrophoneStop message) throws X;

        void requestControl(RequestControl message) throws X;

        void grantControl(GrantControl message) throws X;

        void releaseControl(ReleaseControl message) throws X;

        void input(Input message) throws X;

        void quality(Quality message) throws X;
    }

    /** The viewer is there: the first message on a socket, and only then is anything set up for it. */
    record Hello() implements ViewerMessage {
        @Override
        public <X extends Exception> void handledBy(Handler<X> handler) throws X {
            handler.hello(this);
        }
    }

    record Answer(String sdp) implements ViewerMessage {
        public Answer {
            requireText(sdp, "sdp");
        }

        @Override
        public <X extends Exception> void handledBy(Handler<X> handler) throws X {
            handler.answer(this);
        }
    }

    /**
     * A trickled ICE candidate, both ways; an empty {@code candidate} marks the end of gathering. {@code peer} says
     * which connection it is for: absent for the stream's, "microphone" for the microphone's.
     */
    record Candidate(String candidate, String sdpMid, Integer sdpMLineIndex, String peer)
            implements ViewerMessage, ServerMessage {
        public static final String MICROPHONE = "microphone";

        public Candidate {
            require(peer == null || peer.equals(MICROPHONE), "'peer' must be absent or \"microphone\"");
            require(candidate != null, "'candidate' is required");
            require(sdpMid != null || sdpMLineIndex != null, "'sdpMid' or 'sdpMLineIndex' is required");
            require(sdpMLineIndex == null || sdpMLineIndex >= 0, "'sdpMLineIndex' must not be negative");
        }

        /** True for a candidate of the microphone's connection. */
        public boolean forMicrophone() {
            return MICROPHONE.equals(peer);
        }

        @Override
        public <X extends Exception> void handledBy(Handler<X> handler) throws X {
            handler.candidate(this);
        }
    }

    /** The viewer turns its microphone on: an offer for the connection that carries it. */
    record MicrophoneOffer(String sdp) implements ViewerMessage {
        public MicrophoneOffer {
            requireText(sdp, "sdp");
        }

        @Override
        public <X extends Exception> void handledBy(Handler<X> handler) throws X {
            handler.microphoneOffer(this);
        }
    }

    /** The viewer turns its microphone off. */
    record MicrophoneStop() implements ViewerMessage {
        @Override
        public <X extends Exception> void handledBy(Handler<X> handler) throws X {
            handler.microphoneStop(this);
        }
    }

    /** The viewer asks to drive the desktop. */
    record RequestControl() implements ViewerMessage {
        @Override
        public <X extends Exception> void handledBy(Handler<X> handler) throws X {
            handler.requestControl(this);
        }
    }

    /** The viewer in control, or an admin, hands control to another viewer. */
    record GrantControl(String viewerId) implements ViewerMessage {
        public GrantControl {
            requireText(viewerId, "viewerId");
        }

        @Override
        public <X extends Exception> void handledBy(Handler<X> handler) throws X {
            handler.grantControl(this);
        }
    }

    /** The viewer in control lets go. */
    record ReleaseControl() implements ViewerMessage {
        @Override
        public <X extends Exception> void handledBy(Handler<X> handler) throws X {
            handler.releaseControl(this);
        }
    }

    /**
     * Keyboard, mouse or clipboard over the socket, for a viewer whose picture comes through Janus (it has no data
     * channel to this server): the same messages the data channel carries.
     */
    record Input(InputMessage event) implements ViewerMessage {
        public Input {
            require(event != null, "'event' is required");
        }

        @Override
        public <X extends Exception> void handledBy(Handler<X> handler) throws X {
            handler.input(this);
        }
    }

    /**
     * The stream's quality: video codec (vp8, vp9, h264, av1), bitrate ceiling in kbit/s, frames per second (up to
     * 120; the viewer offers up to 60) and how many times smaller than the screen the picture is sent (1 to 8).
     * From the viewer, absent fields stay as they are; from the server, the whole quality in force.
     */
    record Quality(String codec, Integer maxBitrateKbps, Integer fps, Double scale)
            implements ViewerMessage, ServerMessage {
        public static final int MAX_FPS = 120;

        public Quality {
            require(maxBitrateKbps == null || maxBitrateKbps >= 100 && maxBitrateKbps <= 100_000,
                    "'maxBitrateKbps' must be 100 to 100000");
            require(fps == null || fps >= 1 && fps <= MAX_FPS, "'fps' must be 1 to " + MAX_FPS);
            require(scale == null || scale >= 1 && scale <= 8, "'scale' must be 1 to 8");
        }

        @Override
        public <X extends Exception> void handledBy(Handler<X> handler) throws X {
            handler.quality(this);
        }
    }
}
