package io.woperator.signaling;

import io.woperator.protocol.DesktopMessage;
import io.woperator.protocol.ErrorCode;
import io.woperator.protocol.InputMessage;
import io.woperator.protocol.JsonCodec;
import io.woperator.protocol.ServerMessage;
import io.woperator.protocol.ViewerMessage;

/**
 * The viewer's channels as JSON: what it sends on the WebSocket and on the data channel, decoded strictly (every
 * kind of bad input a {@link ProtocolException} with its code; a message of another channel an unknown type), and
 * what the server sends on each, encoded.
 */
public final class MessageCodec {

    private final JsonCodec<ViewerMessage> fromViewer = new JsonCodec<>(ViewerMessage.class);
    private final JsonCodec<ServerMessage> toViewer = new JsonCodec<>(ServerMessage.class);
    private final JsonCodec<InputMessage> input = new JsonCodec<>(InputMessage.class);
    private final JsonCodec<DesktopMessage> toDataChannel = new JsonCodec<>(DesktopMessage.class);

    /** A message the viewer sent on the WebSocket. */
    public ViewerMessage decode(String text) throws ProtocolException {
        return decode(fromViewer, text);
    }

    /** A message the viewer sent on the data channel. */
    public InputMessage decodeInput(String text) throws ProtocolException {
        return decode(input, text);
    }

    public String encode(ServerMessage message) {
        return toViewer.encode(message);
    }

    public String encode(DesktopMessage message) {
        return toDataChannel.encode(message);
    }

    private static <T> T decode(JsonCodec<T> codec, String text) throws ProtocolException {
        try {
            return codec.decode(text);
        } catch (JsonCodec.DecodeException e) {
            ErrorCode code = switch (e.failure()) {
                case MALFORMED_JSON -> ErrorCode.MALFORMED_JSON;
                case UNKNOWN_TYPE -> ErrorCode.UNKNOWN_TYPE;
                case INVALID_MESSAGE -> ErrorCode.INVALID_MESSAGE;
            };
            throw new ProtocolException(code, e.getMessage());
        }
    }
}
