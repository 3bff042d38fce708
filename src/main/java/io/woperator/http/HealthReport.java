package io.woperator.http;

import java.util.List;

/**
 * What /healthz answers: the server is up, how busy it is, whether the desktop's sound gets through (null while
 * unknown or turned off), and what each stage of the media path costs.
 */
public record HealthReport(String status, int viewers, boolean capturing, String source, Boolean sound,
        List<Stage> stages) {

    /** One stage of the media path since start: how many frames passed it and their mean time. */
    public record Stage(String name, long frames, double meanMillis) {
    }
}
