package io.woperator.protocol;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Where a stream is in its life. {@code created}: described, not yet serving. {@code running}: viewers may watch
 * (capture runs while someone does). {@code stopped}: its viewers were let go and new ones are turned away.
 * {@code failed}: its source stopped working while watched; capture is retried and the stream is running again
 * once it delivers.
 */
public enum StreamState {
    CREATED, RUNNING, STOPPED, FAILED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether viewers may watch. */
    public boolean serving() {
        return this == RUNNING || this == FAILED;
    }
}
