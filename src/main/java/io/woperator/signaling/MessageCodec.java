package io.woperator.signaling;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** JSON to {@link SignalMessage} and back, turning every kind of bad input into a {@link ProtocolException}. */
public final class MessageCodec {

    private final ObjectMapper mapper = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    public SignalMessage decode(String json) throws ProtocolException {
        try {
            SignalMessage message = mapper.readValue(json, SignalMessage.class);
            if (message == null) {
                throw new ProtocolException(ErrorCode.INVALID_MESSAGE, "a message must be a JSON object with a 'type'");
            }
            return message;
        } catch (InvalidTypeIdException e) {
            String type = e.getTypeId();
            throw new ProtocolException(ErrorCode.UNKNOWN_TYPE, type == null
                    ? "a message must have a 'type'" : "unknown message type '" + clip(type) + "'");
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new ProtocolException(ErrorCode.INVALID_MESSAGE, cause.getMessage());
        } catch (MismatchedInputException e) {
            throw new ProtocolException(ErrorCode.INVALID_MESSAGE, "a field has the wrong kind of value: " + e.getOriginalMessage());
        } catch (JacksonException e) {
            throw new ProtocolException(ErrorCode.MALFORMED_JSON, "not valid JSON: " + e.getOriginalMessage());
        }
    }

    public String encode(SignalMessage message) {
        try {
            return mapper.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + message.getClass().getSimpleName(), e);
        }
    }

    private static String clip(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
