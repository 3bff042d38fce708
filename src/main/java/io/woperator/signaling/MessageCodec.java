package io.woperator.signaling;

import io.woperator.protocol.JsonCodec;

/** JSON to {@link SignalMessage} and back, turning every kind of bad input into a {@link ProtocolException}. */
public final class MessageCodec {

    private final JsonCodec<SignalMessage> json = new JsonCodec<>(SignalMessage.class);

    public SignalMessage decode(String text) throws ProtocolException {
        try {
            return json.decode(text);
        } catch (JsonCodec.DecodeException e) {
            ErrorCode code = switch (e.failure()) {
                case MALFORMED_JSON -> ErrorCode.MALFORMED_JSON;
                case UNKNOWN_TYPE -> ErrorCode.UNKNOWN_TYPE;
                case INVALID_MESSAGE -> ErrorCode.INVALID_MESSAGE;
            };
            throw new ProtocolException(code, e.getMessage());
        }
    }

    public String encode(SignalMessage message) {
        return json.encode(message);
    }
}
