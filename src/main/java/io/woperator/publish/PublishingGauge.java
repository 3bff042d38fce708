package io.woperator.publish;

import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.woperator.protocol.PublishingInfo;
import java.util.List;
import java.util.function.Supplier;

/** The one meter an output that publishes streams registers: per stream, 1 while live there, else 0. */
public final class PublishingGauge {

    private PublishingGauge() {
    }

    public static void register(PrometheusRegistry registry, String name, String help,
            Supplier<List<PublishingInfo>> publishing) {
        GaugeWithCallback.builder().name(name).help(help).labelNames("stream")
                .callback(out -> publishing.get().forEach(one -> out.call(
                        "publishing".equals(one.state()) ? 1 : 0, one.stream()))).register(registry);
    }
}
