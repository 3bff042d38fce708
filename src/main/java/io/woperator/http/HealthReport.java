package io.woperator.http;

import io.woperator.stream.Stream;
import io.woperator.stream.StreamRegistry;

/**
 * What /healthz answers: the server is up, how many watch (all streams together), and of the default stream:
 * whether it captures, its kind of source, and whether its sound gets through (null while unknown or turned off).
 * What each stage of the media path costs is on /metrics.
 */
public record HealthReport(String status, int viewers, boolean capturing, String source, Boolean sound) {

    public static HealthReport of(StreamRegistry streams) {
        Stream main = streams.defaultStream();
        int viewers = streams.all().stream().mapToInt(s -> s.viewers().count()).sum();
        if (main == null) {
            return new HealthReport("ok", viewers, false, null, null);
        }
        Boolean sound = main.audio() != null ? main.audio().available() : null;
        boolean capturing = main.video() != null ? main.video().running() : main.audio().running();
        return new HealthReport("ok", viewers, capturing, main.spec().source().kind().replace('-', '_'), sound);
    }
}
