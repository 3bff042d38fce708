package io.woperator.signaling;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.woperator.rtc.IceServer;
import java.util.List;

/**
 * Every message of the WebSocket protocol at /ws, in both directions. Each is a JSON object whose {@code type}
 * names one of the records below.
 *
 * <pre>
 *   server → viewer   welcome, offer, candidate, audio, microphone-answer, control, control-request, quality,
 *                     error, bye
 *   viewer → server   answer, candidate, microphone-offer, microphone-stop, request-control, grant-control,
 *                     release-control, quality
 * </pre>
 *
 * <p>{@code quality} from the viewer changes its stream while it runs (any of codec, maxBitrateKbps, fps, scale);
 * the server answers with the whole quality now in force. A new codec comes with a new offer on the same
 * connection, which the viewer answers.
 *
 * The server offers as soon as the socket opens; the viewer answers; both trickle ICE candidates. A viewer that
 * turns its microphone on offers a second connection that carries it (candidates for it say
 * {@code "peer":"microphone"}), and stops it with microphone-stop.
 *
 * <p>One viewer at a time drives the desktop; {@code control} tells everyone who (on joining and on every change).
 * A viewer asks with request-control: granted at once when no one drives or it is an admin, else the driver (and
 * any admin) gets control-request and may answer grant-control. The input of everyone else is ignored.
 *
 * <p>On the WebRTC data channel "input" (ordered, reliable):
 * <pre>
 *   viewer → server   key, move, move-by, button, wheel, release-all, clipboard, resize
 *   server → viewer   cursor, clipboard, clipboard-too-large, sender-stats (once a second)
 * </pre>
 * Keys are X keysyms (what the key means, not where it is); positions are pixels of the video picture.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = SignalMessage.Welcome.class, name = "welcome"),
    @JsonSubTypes.Type(value = SignalMessage.Offer.class, name = "offer"),
    @JsonSubTypes.Type(value = SignalMessage.Answer.class, name = "answer"),
    @JsonSubTypes.Type(value = SignalMessage.Candidate.class, name = "candidate"),
    @JsonSubTypes.Type(value = SignalMessage.Audio.class, name = "audio"),
    @JsonSubTypes.Type(value = SignalMessage.MicrophoneOffer.class, name = "microphone-offer"),
    @JsonSubTypes.Type(value = SignalMessage.MicrophoneAnswer.class, name = "microphone-answer"),
    @JsonSubTypes.Type(value = SignalMessage.MicrophoneStop.class, name = "microphone-stop"),
    @JsonSubTypes.Type(value = SignalMessage.Control.class, name = "control"),
    @JsonSubTypes.Type(value = SignalMessage.ControlRequest.class, name = "control-request"),
    @JsonSubTypes.Type(value = SignalMessage.RequestControl.class, name = "request-control"),
    @JsonSubTypes.Type(value = SignalMessage.GrantControl.class, name = "grant-control"),
    @JsonSubTypes.Type(value = SignalMessage.ReleaseControl.class, name = "release-control"),
    @JsonSubTypes.Type(value = SignalMessage.Quality.class, name = "quality"),
    @JsonSubTypes.Type(value = SignalMessage.SenderStats.class, name = "sender-stats"),
    @JsonSubTypes.Type(value = SignalMessage.Key.class, name = "key"),
    @JsonSubTypes.Type(value = SignalMessage.Move.class, name = "move"),
    @JsonSubTypes.Type(value = SignalMessage.MoveBy.class, name = "move-by"),
    @JsonSubTypes.Type(value = SignalMessage.Button.class, name = "button"),
    @JsonSubTypes.Type(value = SignalMessage.Wheel.class, name = "wheel"),
    @JsonSubTypes.Type(value = SignalMessage.ReleaseAll.class, name = "release-all"),
    @JsonSubTypes.Type(value = SignalMessage.Cursor.class, name = "cursor"),
    @JsonSubTypes.Type(value = SignalMessage.Clipboard.class, name = "clipboard"),
    @JsonSubTypes.Type(value = SignalMessage.Resize.class, name = "resize"),
    @JsonSubTypes.Type(value = SignalMessage.ClipboardTooLarge.class, name = "clipboard-too-large"),
    @JsonSubTypes.Type(value = SignalMessage.Error.class, name = "error"),
    @JsonSubTypes.Type(value = SignalMessage.Bye.class, name = "bye"),
})
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface SignalMessage {

    /**
     * First message on a new socket: who the viewer is, what its credentials let it do ({@code role}: view,
     * control or admin), what it is about to receive ({@code stream}: its id; {@code video}: false for a stream
     * of sound only), and the streams it could watch instead.
     */
    record Welcome(String viewerId, String role, String videoCodec, int fps, boolean desktopAudio, boolean microphone,
            boolean input, boolean resize, List<IceServer> iceServers, String iceTransportPolicy, String stream,
            boolean video, List<StreamEntry> streams)
            implements SignalMessage {
    }

    /** A stream a viewer may switch to: its id and what it shows. */
    record StreamEntry(String id, String description) {
    }

    /** Who drives the desktop now ({@code controller} absent: no one), and how many viewers are connected. */
    record Control(String controller, int viewers) implements SignalMessage {
    }

    /** To the viewer in control (and admins): another viewer asks to take over. */
    record ControlRequest(String viewerId) implements SignalMessage {
    }

    /** The viewer asks to drive the desktop. */
    record RequestControl() implements SignalMessage {
    }

    /** The viewer in control, or an admin, hands control to another viewer. */
    record GrantControl(String viewerId) implements SignalMessage {
        public GrantControl {
            requireText(viewerId, "viewerId");
        }
    }

    /** The viewer in control lets go. */
    record ReleaseControl() implements SignalMessage {
    }

    /** Whether the desktop's sound reaches the viewer, and if not, why; sent when that changes. */
    record Audio(boolean available, String reason) implements SignalMessage {
    }

    /** The viewer turns its microphone on: an offer for the connection that carries it. */
    record MicrophoneOffer(String sdp) implements SignalMessage {
        public MicrophoneOffer {
            requireText(sdp, "sdp");
        }
    }

    record MicrophoneAnswer(String sdp) implements SignalMessage {
    }

    /** The viewer turns its microphone off. */
    record MicrophoneStop() implements SignalMessage {
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

    /**
     * A trickled ICE candidate; an empty {@code candidate} marks the end of gathering. {@code peer} says which
     * connection it is for: absent for the screen, "microphone" for the microphone's.
     */
    record Candidate(String candidate, String sdpMid, Integer sdpMLineIndex, String peer) implements SignalMessage {
        public static final String MICROPHONE = "microphone";

        public Candidate {
            if (peer != null && !peer.equals(MICROPHONE)) {
                throw new IllegalArgumentException("'peer' must be absent or \"microphone\"");
            }
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

        /** True for a candidate of the microphone's connection. */
        public boolean forMicrophone() {
            return MICROPHONE.equals(peer);
        }
    }

    /**
     * The viewer's stream quality: video codec (vp8, vp9, h264, av1), bitrate ceiling in kbit/s, frames per second
     * (up to 120; the viewer offers up to 60) and how many times smaller than the screen the picture is sent (1 to 8). From the viewer, absent
     * fields stay as they are.
     */
    record Quality(String codec, Integer maxBitrateKbps, Integer fps, Double scale) implements SignalMessage {
        public static final int MAX_FPS = 120;

        public Quality {
            require(maxBitrateKbps == null || maxBitrateKbps >= 100 && maxBitrateKbps <= 100_000,
                    "'maxBitrateKbps' must be 100 to 100000");
            require(fps == null || fps >= 1 && fps <= MAX_FPS, "'fps' must be 1 to " + MAX_FPS);
            require(scale == null || scale >= 1 && scale <= 8, "'scale' must be 1 to 8");
        }
    }

    /**
     * What the server's encoder does for this viewer (see io.woperator.rtc.SenderStats), once a second, and how
     * long captured frames lately take to reach it ({@code handOverMs}: convert and push).
     */
    record SenderStats(double targetKbps, double fps, int width, int height, double encodeMs, String limitation,
            String encoder, double handOverMs) implements SignalMessage {
    }

    /** Input, from the data channel. */
    sealed interface Input extends SignalMessage {
    }

    /** A key goes down or up; {@code keysym} says what it means (0x61 'a', 0xff0d Return, 0x10020ac €). */
    record Key(Integer keysym, Boolean down) implements Input {
        public Key {
            require(keysym != null && keysym > 0 && keysym <= 0x0110ffff, "'keysym' must be an X keysym");
            require(down != null, "'down' is required");
        }
    }

    /** The pointer moves to a pixel of the video picture. */
    record Move(Integer x, Integer y) implements Input {
        public Move {
            require(x != null && y != null, "'x' and 'y' are required");
        }
    }

    /** The pointer moves by a distance, as a mouse under pointer lock does. */
    record MoveBy(Integer dx, Integer dy) implements Input {
        public MoveBy {
            require(dx != null && dy != null && Math.abs(dx) <= 4096 && Math.abs(dy) <= 4096,
                    "'dx' and 'dy' are required, at most 4096");
        }
    }

    /** A mouse button: 1 left, 2 middle, 3 right, 8 back, 9 forward. */
    record Button(Integer button, Boolean down) implements Input {
        public Button {
            require(button != null && (button >= 1 && button <= 3 || button == 8 || button == 9),
                    "'button' must be 1, 2, 3, 8 or 9");
            require(down != null, "'down' is required");
        }
    }

    /** Wheel steps: positive {@code dy} scrolls down, positive {@code dx} right. */
    record Wheel(Integer dx, Integer dy) implements Input {
        public Wheel {
            require(dx != null && dy != null && Math.abs(dx) <= 50 && Math.abs(dy) <= 50,
                    "'dx' and 'dy' are required, at most 50 steps");
        }
    }

    /** Let go of every key and button (the page lost focus). */
    record ReleaseAll() implements Input {
    }

    /** Clipboard text: from the viewer, to put on the desktop; from the server, copied on the desktop. */
    record Clipboard(String text) implements Input {
        public Clipboard {
            require(text != null, "'text' is required");
        }
    }

    /** The viewer's window, in device pixels: the size the desktop should take. */
    record Resize(Integer width, Integer height) implements Input {
        public Resize {
            require(width != null && height != null && width > 0 && height > 0 && width <= 16384 && height <= 16384,
                    "'width' and 'height' are required, 1 to 16384");
        }
    }

    /** Text was copied on the desktop, but too much of it to send ({@code bytes} is -1 when X did not say). */
    record ClipboardTooLarge(long bytes, long limit) implements SignalMessage {
    }

    /** The desktop's pointer image, to show as the viewer's own cursor. */
    record Cursor(String png, int width, int height, int hotX, int hotY) implements SignalMessage {
    }

    /** Something the peer sent could not be used; {@code code} is one of {@link ErrorCode}'s wire names. */
    record Error(String code, String message) implements SignalMessage {
    }

    /** The server is closing this viewer's session, and why. */
    record Bye(String reason) implements SignalMessage {
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    private static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("'" + field + "' is required");
        }
    }
}
