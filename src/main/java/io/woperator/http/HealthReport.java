package io.woperator.http;

import io.woperator.media.StageTimer;
import io.woperator.stream.Stream;
import io.woperator.stream.StreamRegistry;
import java.util.ArrayList;
import java.util.List;

/**
 * What /healthz answers: the server is up, how many watch (all streams together), and of the default stream:
 * whether it captures, its kind of source, whether its sound gets through (null while unknown or turned off), and
 * what each stage of its media path costs.
 */
public record HealthReport(String status, int viewers, boolean capturing, String source, Boolean sound,
        List<Stage> stages) {

    public static HealthReport of(StreamRegistry streams) {
        Stream main = streams.defaultStream();
        int viewers = streams.all().stream().mapToInt(s -> s.viewers().count()).sum();
        if (main == null) {
            return new HealthReport("ok", viewers, false, null, null, List.of());
        }
        List<Stage> stages = new ArrayList<>();
        if (main.video() != null) {
            main.video().stages().forEach(s -> stages.add(new Stage(s.stage(), s.count(), s.meanMillis())));
        }
        Boolean sound = null;
        if (main.audio() != null) {
            StageTimer.Snapshot push = main.audio().stage();
            stages.add(new Stage(push.stage(), push.count(), push.meanMillis()));
            sound = main.audio().available();
        }
        boolean capturing = main.video() != null ? main.video().running() : main.audio().running();
        return new HealthReport("ok", viewers, capturing, main.spec().source().kind().replace('-', '_'), sound,
                stages);
    }

    /** One stage of the media path since start: how many frames passed it and their mean time. */
    public record Stage(String name, long frames, double meanMillis) {
    }
}
