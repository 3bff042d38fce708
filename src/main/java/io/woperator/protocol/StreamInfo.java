package io.woperator.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A stream as the API lists it. {@code lastError} is absent while there is none. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StreamInfo(String id, String description, StreamSpec.Source source, StreamState state, int viewers,
        boolean capturing, String lastError) {
}
