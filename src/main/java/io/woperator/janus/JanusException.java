package io.woperator.janus;

import io.woperator.publish.PublishException;

/** Janus refused a request, or could not be reached; the message says which, in words for the log. */
public final class JanusException extends PublishException {

    /** Janus's "No such session": it restarted, or let the session go. */
    static final int NO_SUCH_SESSION = 458;

    private final int code;

    JanusException(int code, String message) {
        super(message);
        this.code = code;
    }

    JanusException(String message) {
        this(0, message);
    }

    /** Janus's error code, or 0 when Janus did not answer. */
    int code() {
        return code;
    }
}
