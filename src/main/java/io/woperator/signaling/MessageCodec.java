package io.woperator.signaling;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** JSON to {@link SignalMessage} and back, turning every kind of bad input into a {@link ProtocolException}. */
public final class MessageCodec {

    private final ObjectMapper mapper = strictMapper();

    private static ObjectMapper strictMapper() {
        ObjectMapper mapper = JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .build();
        // "sdp": 42 is a mistake, not the text "42"
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return mapper;
    }

    public SignalMessage decode(String json) throws ProtocolException {
        try {
            JsonNode tree = mapper.readTree(json);
            if (tree == null || !tree.isObject()) {
                throw new ProtocolException(ErrorCode.INVALID_MESSAGE, "a message must be a JSON object with a 'type'");
            }
            return mapper.treeToValue(tree, SignalMessage.class);
        } catch (InvalidTypeIdException e) {
            String type = e.getTypeId();
            if (type == null) {
                throw new ProtocolException(ErrorCode.INVALID_MESSAGE, "a message must have a 'type'");
            }
            throw new ProtocolException(ErrorCode.UNKNOWN_TYPE, "unknown message type '" + clip(type) + "'");
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
