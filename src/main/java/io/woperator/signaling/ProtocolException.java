package io.woperator.signaling;

import io.woperator.protocol.ErrorCode;
/** A message that cannot be used, with the code to send back. */
public final class ProtocolException extends Exception {
    private final ErrorCode code;

    public ProtocolException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
