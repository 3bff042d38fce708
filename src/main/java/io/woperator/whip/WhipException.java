package io.woperator.whip;

import io.woperator.publish.PublishException;

/** Publishing that cannot start or go on, and why, in words for the log and the API. */
public final class WhipException extends PublishException {

    public enum Reason { ALREADY_PUBLISHING, NOT_PUBLISHING, INVALID_TARGET, REFUSED }

    private final Reason reason;

    public WhipException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** The endpoint or the way to it failed: worth another try. */
    WhipException(String message) {
        this(Reason.REFUSED, message);
    }

    public Reason reason() {
        return reason;
    }
}
