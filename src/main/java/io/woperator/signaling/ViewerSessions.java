package io.woperator.signaling;

import io.woperator.access.UploadPermits;
import io.woperator.config.Role;
import io.woperator.config.Settings;
import io.woperator.desktop.Desktop;
import io.woperator.protocol.ErrorCode;
import io.woperator.protocol.ServerMessage;
import io.woperator.protocol.Texts;
import io.woperator.stream.Stream;
import io.woperator.stream.StreamRegistry;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes viewers' sessions, whichever way a viewer comes in: the WebSocket at /ws, or a signaling hub that relays one.
 * The way in carries the text both ways ({@link ViewerChannel}) and tells the session what arrives ({@link Inbound}).
 */
public final class ViewerSessions {

    private static final Logger LOG = LoggerFactory.getLogger(ViewerSessions.class);

    /** What a way in tells a viewer's session. */
    public interface Inbound {
        /** A text message from the viewer (one over the size limit is refused, not read). */
        void receive(String text);

        /** The viewer answered a ping. */
        void pong();

        /** The viewer sent a binary message, which the protocol has none of. */
        void binary();

        /** The viewer's connection is gone. */
        void closed();
    }

    private final Settings settings;
    private final SessionContext context;
    private final StreamRegistry streams;

    public ViewerSessions(Settings settings, SessionContext context, StreamRegistry streams) {
        this.settings = settings;
        this.context = context;
        this.streams = streams;
    }

    /** The streams a viewer may pick, as a hub lists them. */
    public List<ServerMessage.StreamEntry> serving() {
        return streams.all().stream().filter(s -> s.state().serving())
                .map(s -> new ServerMessage.StreamEntry(s.id(), s.spec().title())).toList();
    }

    /**
     * Opens a session for viewer {@code id} of stream {@code streamId} (null: the default stream) and greets it;
     * null when there is no such stream: the viewer is told so and its channel closed.
     */
    public Inbound open(String id, Role role, String streamId, ViewerChannel channel) {
        Stream stream = streamId == null ? streams.defaultStream() : streams.find(streamId);
        if (stream == null) {
            String name = streamId == null ? "" : Texts.clip(streamId, 64);
            LOG.warn("Viewer {} ({}) asked for stream '{}', which does not exist", id, channel.remote(), name);
            channel.send(context.codec().encode(new ServerMessage.Error(ErrorCode.UNKNOWN_STREAM.wireName(),
                    streamId == null ? "this server has no stream to show" : "there is no stream named '" + name + "'")));
            channel.close(1008, "unknown stream");
            return null;
        }
        ServerMessage.Welcome welcome = new ServerMessage.Welcome(id, role.wireName(), settings.videoCodec().sdpName(),
                stream.fps(), stream.hasSound(), settings.audio().microphone(),
                stream.desktop().isPresent(), stream.desktop().flatMap(Desktop::resizer).isPresent(),
                context.rtc().iceServers().forViewer(id), context.rtc().iceServers().relayOnly() ? "relay" : "all",
                stream.id(), stream.hasVideo(), serving(), stream.desktop().isPresent() ? UploadPermits.newKey() : null,
                context.peers().relayFor(stream));
        ViewerSession session = new ViewerSession(id, role, channel, context, stream, welcome);
        int limit = settings.maxMessageBytes();
        Inbound inbound = new Inbound() {
            @Override
            public void receive(String text) {
                if (text.length() > limit) {
                    session.tooLarge(text.length(), limit);
                } else {
                    session.receive(text);
                }
            }

            @Override
            public void pong() {
                session.heard();
            }

            @Override
            public void binary() {
                session.receiveBinary();
            }

            @Override
            public void closed() {
                session.closed();
            }
        };
        session.open();
        return inbound;
    }
}
