package io.woperator.protocol;

import java.util.Locale;

/** The {@code code} of an error message, as the viewer sees it. */
public enum ErrorCode {
    MALFORMED_JSON,
    UNKNOWN_TYPE,
    INVALID_MESSAGE,
    UNEXPECTED_MESSAGE,
    MESSAGE_TOO_LARGE,
    BAD_SDP,
    BAD_CANDIDATE,
    MICROPHONE_UNAVAILABLE,
    /** The viewer's role does not allow what it asked. */
    FORBIDDEN,
    TOO_MANY_VIEWERS,
    /** No stream has the id the viewer asked for. */
    UNKNOWN_STREAM,
    /** The stream exists but is stopped: the viewer may try again later. */
    STREAM_STOPPED,
    /** The hub has no sender of that name now: it may be reconnecting, so the viewer tries again. */
    SENDER_UNAVAILABLE,
    INTERNAL;

    /** The wire name, e.g. "malformed-json". */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
