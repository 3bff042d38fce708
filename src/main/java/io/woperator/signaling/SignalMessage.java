package io.woperator.signaling;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * Every message of the WebSocket protocol at /ws, in both directions. Each is a JSON object whose {@code type}
 * names one of the records below.
 *
 * <pre>
 *   server → viewer   welcome, offer, candidate, error, bye
 *   viewer → server   answer, candidate
 * </pre>
 *
 * The server offers as soon as the socket opens; the viewer answers; both trickle ICE candidates.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = SignalMessage.Welcome.class, name = "welcome"),
    @JsonSubTypes.Type(value = SignalMessage.Offer.class, name = "offer"),
    @JsonSubTypes.Type(value = SignalMessage.Answer.class, name = "answer"),
    @JsonSubTypes.Type(value = SignalMessage.Candidate.class, name = "candidate"),
    @JsonSubTypes.Type(value = SignalMessage.Error.class, name = "error"),
    @JsonSubTypes.Type(value = SignalMessage.Bye.class, name = "bye"),
})
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface SignalMessage {

    /** First message on a new socket: who the viewer is and what it is about to receive. */
    record Welcome(String viewerId, String videoCodec, int fps) implements SignalMessage {
    }

    record Offer(String sdp) implements SignalMessage {
        public Offer {
            requireText(sdp, "sdp");
        }
    }

    record Answer(String sdp) implements SignalMessage {
        public Answer {
            requireText(sdp, "sdp");
        }
    }

    /** A trickled ICE candidate; an empty {@code candidate} marks the end of gathering. */
    record Candidate(String candidate, String sdpMid, Integer sdpMLineIndex) implements SignalMessage {
        public Candidate {
            if (candidate == null) {
                throw new IllegalArgumentException("'candidate' is required");
            }
            if (sdpMid == null && sdpMLineIndex == null) {
                throw new IllegalArgumentException("'sdpMid' or 'sdpMLineIndex' is required");
            }
            if (sdpMLineIndex != null && sdpMLineIndex < 0) {
                throw new IllegalArgumentException("'sdpMLineIndex' must not be negative");
            }
        }
    }

    /** Something the peer sent could not be used; {@code code} is one of {@link ErrorCode}'s wire names. */
    record Error(String code, String message) implements SignalMessage {
    }

    /** The server is closing this viewer's session, and why. */
    record Bye(String reason) implements SignalMessage {
    }

    private static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("'" + field + "' is required");
        }
    }
}
