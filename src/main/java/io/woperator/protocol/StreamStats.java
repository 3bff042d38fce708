package io.woperator.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One stream's figures: frames pushed to the encoder per second over the last second and in all, the picture's
 * size, viewers, kbit/s of video sent to all of them together, frames the capture fell short of its rate since
 * start, and the last capture error (absent while there is none).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StreamStats(String id, StreamState state, double fps, long frames, int width, int height, int viewers,
        double kbps, long framesDropped, String lastError) {
}
