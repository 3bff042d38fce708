package io.woperator.stream;

import java.util.Locale;

/**
 * A streams API request that cannot be done, with the error code the API answers ({@code unknown-stream},
 * {@code duplicate-stream}, {@code invalid-stream}, {@code no-such-device}, {@code stream-watched}, ...).
 */
public final class StreamException extends Exception {

    /** The reasons, each with the HTTP status the plain-HTTP API answers with. */
    public enum Code {
        UNKNOWN_STREAM(404), DUPLICATE_STREAM(409), INVALID_STREAM(400), NO_SUCH_DEVICE(422), STREAM_WATCHED(409),
        MALFORMED_JSON(400), UNKNOWN_TYPE(400), INVALID_MESSAGE(400), MESSAGE_TOO_LARGE(413), INTERNAL(500),
        ALREADY_RECORDING(409), NOT_RECORDING(409), CANNOT_RECORD(500), UNKNOWN_RECORDING(404),
        ALREADY_PUBLISHING(409), NOT_PUBLISHING(409), UNAVAILABLE(503);

        private final int httpStatus;

        Code(int httpStatus) {
            this.httpStatus = httpStatus;
        }

        public String wireName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public int httpStatus() {
            return httpStatus;
        }

        /** Whether the message was no request at all (not JSON, no known type, malformed): noise, not an action. */
        public boolean garbled() {
            return this == MALFORMED_JSON || this == UNKNOWN_TYPE || this == INVALID_MESSAGE || this == MESSAGE_TOO_LARGE;
        }
    }

    private final Code code;

    public StreamException(Code code, String message) {
        super(message);
        this.code = code;
    }

    public Code code() {
        return code;
    }
}
