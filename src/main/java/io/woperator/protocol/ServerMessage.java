package io.woperator.protocol;

import static io.woperator.protocol.Checks.requireText;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/**
 * What the server sends a viewer on the signaling WebSocket (/ws):
 * <pre>
 *   welcome, offer, candidate, audio, microphone-answer, control, control-request, quality, error, bye
 * </pre>
 * and, from a signaling hub to a page that names no sender, {@code senders}: the desktops it can open.
 * {@code candidate} and {@code quality} are the records of {@link ViewerMessage}: the same both ways.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ServerMessage.Welcome.class, name = "welcome"),
    @JsonSubTypes.Type(value = ServerMessage.Offer.class, name = "offer"),
    @JsonSubTypes.Type(value = ViewerMessage.Candidate.class, name = "candidate"),
    @JsonSubTypes.Type(value = ServerMessage.Audio.class, name = "audio"),
    @JsonSubTypes.Type(value = ServerMessage.Picture.class, name = "picture"),
    @JsonSubTypes.Type(value = ServerMessage.MicrophoneAnswer.class, name = "microphone-answer"),
    @JsonSubTypes.Type(value = ServerMessage.Control.class, name = "control"),
    @JsonSubTypes.Type(value = ServerMessage.ControlRequest.class, name = "control-request"),
    @JsonSubTypes.Type(value = ViewerMessage.Quality.class, name = "quality"),
    @JsonSubTypes.Type(value = ServerMessage.Error.class, name = "error"),
    @JsonSubTypes.Type(value = ServerMessage.Bye.class, name = "bye"),
    @JsonSubTypes.Type(value = ServerMessage.Senders.class, name = "senders"),
    @JsonSubTypes.Type(value = ServerMessage.Desktop.class, name = "desktop"),
})
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface ServerMessage permits ServerMessage.Welcome, ServerMessage.Offer, ViewerMessage.Candidate,
        ServerMessage.Audio, ServerMessage.Picture, ServerMessage.MicrophoneAnswer, ServerMessage.Control,
        ServerMessage.ControlRequest, ViewerMessage.Quality, ServerMessage.Error, ServerMessage.Bye,
        ServerMessage.Senders, ServerMessage.Desktop {

    /**
     * First message on a new socket: who the viewer is, what its credentials let it do ({@code role}: view,
     * control or admin), what it is about to receive ({@code stream}: its id; {@code video}: false for a stream
     * of sound only), the streams it could watch instead, and, on a desktop, the key its uploads show
     * ({@code uploadKey}, absent where there is nothing to upload to). {@code relay} says "janus" when the picture
     * comes through Janus: input then goes over this socket ({@code input}), and the desktop's news come back on it
     * ({@code desktop}).
     */
    record Welcome(String viewerId, String role, String videoCodec, int fps, boolean desktopAudio, boolean microphone,
            boolean input, boolean resize, List<IceServer> iceServers, String iceTransportPolicy, String stream,
            boolean video, List<StreamEntry> streams, String uploadKey, String relay) implements ServerMessage {
    }

    /** A stream a viewer may switch to: its id and what it shows. */
    record StreamEntry(String id, String description) {
    }

    record Offer(String sdp) implements ServerMessage {
        public Offer {
            requireText(sdp, "sdp");
        }
    }

    /** Whether the stream's sound reaches the viewer, and if not, why; sent when that changes. */
    record Audio(boolean available, String reason) implements ServerMessage {
    }

    /**
     * Whether the stream's picture is being captured, and if not, why (its X server went away, its camera was
     * unplugged): a viewer then says so rather than showing the last frame as live. Sent when that changes.
     */
    record Picture(boolean available, String reason) implements ServerMessage {
    }

    record MicrophoneAnswer(String sdp) implements ServerMessage {
    }

    /** Who drives the desktop now ({@code controller} absent: no one), and how many viewers are connected. */
    record Control(String controller, int viewers) implements ServerMessage {
    }

    /** To the viewer in control (and admins): another viewer asks to take over. */
    record ControlRequest(String viewerId) implements ServerMessage {
    }

    /** Something the viewer sent could not be used; {@code code} is one of {@link ErrorCode}'s wire names. */
    record Error(String code, String message) implements ServerMessage {
        public Error(ErrorCode code, String message) {
            this(code.wireName(), message);
        }
    }

    /** The server is closing this viewer's session, and why. */
    record Bye(String reason) implements ServerMessage {
    }

    /** What the data channel carries (cursor, clipboard), over the socket, to a viewer whose picture is Janus's. */
    record Desktop(DesktopMessage event) implements ServerMessage {
    }

    /** The senders a hub has now, sent when one comes, goes, or its viewers change. */
    record Senders(List<SenderEntry> senders) implements ServerMessage {
    }

    /** A sender as a hub lists it: its name, its streams, and how many watch it through the hub. */
    record SenderEntry(String name, List<StreamEntry> streams, int viewers) {
    }
}
