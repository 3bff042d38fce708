package io.woperator.protocol;

import static io.woperator.protocol.Checks.requireText;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/**
 * What a sender and the signaling hub say on the sender's WebSocket (/sender on the hub). The hub only routes: each
 * viewer's signaling text goes to its sender as it came, and back.
 * <pre>
 *   sender → hub   register {name, streams}, streams {streams} (when they change), toViewer {viewer, text},
 *                  closeViewer {viewer, code, reason}, pingViewer {viewer}
 *   hub → sender   registered {name}, viewerJoined {viewer, stream, role, remote}, fromViewer {viewer, text},
 *                  viewerPong {viewer}, viewerLeft {viewer}, refused {code, message}
 * </pre>
 * Viewer ids are the hub's: a sender can only reach the viewers the hub gave it.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = HubMessage.Register.class, name = "register"),
    @JsonSubTypes.Type(value = HubMessage.Streams.class, name = "streams"),
    @JsonSubTypes.Type(value = HubMessage.ToViewer.class, name = "toViewer"),
    @JsonSubTypes.Type(value = HubMessage.CloseViewer.class, name = "closeViewer"),
    @JsonSubTypes.Type(value = HubMessage.PingViewer.class, name = "pingViewer"),
    @JsonSubTypes.Type(value = HubMessage.Registered.class, name = "registered"),
    @JsonSubTypes.Type(value = HubMessage.ViewerJoined.class, name = "viewerJoined"),
    @JsonSubTypes.Type(value = HubMessage.FromViewer.class, name = "fromViewer"),
    @JsonSubTypes.Type(value = HubMessage.ViewerPong.class, name = "viewerPong"),
    @JsonSubTypes.Type(value = HubMessage.ViewerLeft.class, name = "viewerLeft"),
    @JsonSubTypes.Type(value = HubMessage.Refused.class, name = "refused"),
})
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface HubMessage {

    /** What a sender says, first of all {@code register}. */
    sealed interface FromSender extends HubMessage {
        /** Goes to the method of its kind in {@code handler}. */
        void handledBy(Handler handler);

        /** Handles what a sender says: one method per kind, so a new one is a compile error until handled. */
        interface Handler {
            void register(Register message);

            void streams(Streams message);

            void toViewer(ToViewer message);

            void closeViewer(CloseViewer message);

            void pingViewer(PingViewer message);
        }
    }

    /** What the hub says to a sender. */
    sealed interface FromHub extends HubMessage {
        /** Goes to the method of its kind in {@code handler}. */
        void handledBy(Handler handler);

        /** Handles what the hub says: one method per kind, so a new one is a compile error until handled. */
        interface Handler {
            void registered(Registered message);

            void viewerJoined(ViewerJoined message);

            void fromViewer(FromViewer message);

            void viewerPong(ViewerPong message);

            void viewerLeft(ViewerLeft message);

            void refused(Refused message);
        }
    }

    /** A sender's name: what viewers pick it by, in their addresses too. */
    static String checkedName(String name) {
        requireText(name, "name");
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")) {
            throw new IllegalArgumentException("'name' is 1 to 64 letters, digits, '.', '_' or '-', starting with a "
                    + "letter or digit");
        }
        return name;
    }

    record Register(String name, List<ServerMessage.StreamEntry> streams) implements FromSender {
        public Register {
            checkedName(name);
            streams = streams == null ? List.of() : List.copyOf(streams);
        }

        @Override
        public void handledBy(Handler handler) {
            handler.register(this);
        }
    }

    /** The sender's streams now, when they changed since it registered (one made or deleted through its API). */
    record Streams(List<ServerMessage.StreamEntry> streams) implements FromSender {
        public Streams {
            streams = streams == null ? List.of() : List.copyOf(streams);
        }

        @Override
        public void handledBy(Handler handler) {
            handler.streams(this);
        }
    }

    record ToViewer(String viewer, String text) implements FromSender {
        public ToViewer {
            requireText(viewer, "viewer");
            requireText(text, "text");
        }

        @Override
        public void handledBy(Handler handler) {
            handler.toViewer(this);
        }
    }

    record CloseViewer(String viewer, int code, String reason) implements FromSender {
        public CloseViewer {
            requireText(viewer, "viewer");
        }

        @Override
        public void handledBy(Handler handler) {
            handler.closeViewer(this);
        }
    }

    record PingViewer(String viewer) implements FromSender {
        public PingViewer {
            requireText(viewer, "viewer");
        }

        @Override
        public void handledBy(Handler handler) {
            handler.pingViewer(this);
        }
    }

    record Registered(String name) implements FromHub {
        @Override
        public void handledBy(Handler handler) {
            handler.registered(this);
        }
    }

    /** A viewer opened {@code stream} of this sender; {@code role} is what the hub's credentials let it do. */
    record ViewerJoined(String viewer, String stream, String role, String remote) implements FromHub {
        public ViewerJoined {
            requireText(viewer, "viewer");
            requireText(role, "role");
        }

        @Override
        public void handledBy(Handler handler) {
            handler.viewerJoined(this);
        }
    }

    record FromViewer(String viewer, String text) implements FromHub {
        public FromViewer {
            requireText(viewer, "viewer");
            requireText(text, "text");
        }

        @Override
        public void handledBy(Handler handler) {
            handler.fromViewer(this);
        }
    }

    record ViewerPong(String viewer) implements FromHub {
        @Override
        public void handledBy(Handler handler) {
            handler.viewerPong(this);
        }
    }

    record ViewerLeft(String viewer) implements FromHub {
        @Override
        public void handledBy(Handler handler) {
            handler.viewerLeft(this);
        }
    }

    /** The hub will not have this sender: its secret is wrong, or the name is another connection's. */
    record Refused(String code, String message) implements FromHub {
        @Override
        public void handledBy(Handler handler) {
            handler.refused(this);
        }
    }
}
