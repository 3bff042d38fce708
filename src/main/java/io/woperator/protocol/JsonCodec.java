package io.woperator.protocol;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;

/**
 * JSON to one sealed family of message records (each named by its {@code type}) and back, strictly: every kind
 * of bad input becomes a {@link DecodeException} saying which kind, so each channel answers it with its own
 * error code. A message of another family is an unknown type.
 */
public final class JsonCodec<T> {

    /** Why a text is not a message. */
    public enum Failure { MALFORMED_JSON, UNKNOWN_TYPE, INVALID_MESSAGE }

    /** A text that is not a message of this family. */
    public static final class DecodeException extends Exception {
        private final Failure failure;
        private final String type;

        DecodeException(Failure failure, String message, String type) {
            super(message);
            this.failure = failure;
            this.type = type;
        }

        public Failure failure() {
            return failure;
        }

        /** The message's {@code type}, when it had a readable one. */
        public String type() {
            return type;
        }
    }

    private final ObjectMapper mapper = strictMapper();
    private final Class<T> family;

    public JsonCodec(Class<T> family) {
        this.family = family;
    }

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

    public T decode(String json) throws DecodeException {
        JsonNode tree;
        try {
            tree = mapper.readTree(json);
        } catch (JacksonException e) {
            throw new DecodeException(Failure.MALFORMED_JSON, "not valid JSON: " + e.getOriginalMessage(), null);
        }
        if (tree == null || !tree.isObject()) {
            throw new DecodeException(Failure.INVALID_MESSAGE, "a message must be a JSON object with a 'type'", null);
        }
        String type = tree.path("type").isTextual() ? Texts.clip(tree.path("type").asText(), 40) : null;
        try {
            return mapper.treeToValue(tree, family);
        } catch (InvalidTypeIdException e) {
            if (e.getTypeId() == null) {
                throw new DecodeException(Failure.INVALID_MESSAGE, "a message must have a 'type'", null);
            }
            throw new DecodeException(Failure.UNKNOWN_TYPE, "unknown message type '" + Texts.clip(e.getTypeId(), 40)
                    + "'", type);
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new DecodeException(Failure.INVALID_MESSAGE, cause.getMessage(), type);
        } catch (MismatchedInputException e) {
            throw new DecodeException(Failure.INVALID_MESSAGE,
                    "a field has the wrong kind of value: " + e.getOriginalMessage(), type);
        } catch (JacksonException e) {
            throw new DecodeException(Failure.MALFORMED_JSON, "not valid JSON: " + e.getOriginalMessage(), type);
        }
    }

    /** As the family's message: a record that belongs to two families carries this one's type name. */
    public String encode(T message) {
        try {
            return mapper.writerFor(family).writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + message.getClass().getSimpleName(), e);
        }
    }

    /** A part of a message on its own, such as a payload that a plain-HTTP API answers with. */
    public String encodeValue(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + value.getClass().getSimpleName(), e);
        }
    }
}
