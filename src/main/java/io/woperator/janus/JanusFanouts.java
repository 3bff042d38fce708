package io.woperator.janus;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.woperator.config.Settings;
import io.woperator.platform.DaemonThreads;
import io.woperator.protocol.IceServer;
import io.woperator.protocol.PublishingInfo;
import io.woperator.publish.Publisher;
import io.woperator.publish.PublishingGauge;
import io.woperator.rtc.PeerEvents;
import io.woperator.rtc.RtcEngine;
import io.woperator.rtc.StreamPeer;
import io.woperator.stream.Stream;
import io.woperator.stream.ViewerPeers;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --fanout janus}: viewers' pictures come from a Janus VideoRoom, where each stream is published once, from its
 * first viewer on. Janus's API stays behind this server: it subscribes for each viewer and relays the offer, answer
 * and candidates; input, clipboard and cursor go over the viewer's WebSocket.
 */
public final class JanusFanouts implements ViewerPeers, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JanusFanouts.class);

    private final Settings settings;
    private final RtcEngine rtc;
    private final Clock clock;
    private final ExecutorService work;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, Fanned> fanouts = new HashMap<>();
    private boolean closed;

    private record Fanned(Stream stream, JanusFanout fanout) {
    }

    public JanusFanouts(Settings settings, RtcEngine rtc, Clock clock) {
        this.settings = settings;
        this.rtc = rtc;
        this.clock = clock;
        this.work = Executors.newCachedThreadPool(DaemonThreads.named("woperator-janus"));
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).executor(work).build();
        LOG.info("Viewers' pictures fan out through {} (room {}){}", settings.janus().api(), settings.janus().room(),
                settings.simulcast() ? ", in three simulcast layers" : "");
    }

    /**
     * A viewer's picture through Janus; the stream is published there if it is not yet. A stream without a picture
     * (sound only) has nothing to fan out: its viewers connect to this server.
     */
    @Override
    public synchronized StreamPeer connect(Stream stream, String viewerId, List<IceServer> iceServers,
            PeerEvents events, Relay relay) {
        if (!stream.hasVideo()) {
            return rtc.createPeer(stream.tracks(), events, iceServers);
        }
        if (closed) {
            throw new IllegalStateException("shutting down");
        }
        Fanned fanned = fanouts.get(stream.id());
        if (fanned == null || fanned.stream() != stream) {
            if (fanned != null) { // a stream deleted and made again under the same id
                fanned.fanout().close();
            }
            fanned = new Fanned(stream, publish(stream));
            fanouts.put(stream.id(), fanned);
        }
        return fanned.fanout().subscribe(viewerId, events, relay);
    }

    @Override
    public String relayFor(Stream stream) {
        return stream.hasVideo() ? "janus" : null;
    }

    private JanusFanout publish(Stream stream) {
        String id = stream.id();
        JanusFanout fanout = new JanusFanout(id, settings.janus(), settings.videoCodec(), settings.simulcast(), http,
                json, work);
        fanout.start(new Publisher("janus", id, stream.viewers(), events -> rtc.createPublishingPeer(stream.tracks(),
                events, rtc.iceServers().forViewer("janus-" + id), settings.simulcast()), fanout, fanout, clock));
        return fanout;
    }

    /** How each stream's publishing to Janus goes. */
    /** Registers woperator_janus_publishing. */
    public void registerMeters(PrometheusRegistry registry) {
        PublishingGauge.register(registry, "woperator_janus_publishing",
                "Streams published to Janus for fan-out: 1 while live there, 0 while connecting or retrying",
                this::all);
    }

    public synchronized List<PublishingInfo> all() {
        return fanouts.values().stream().map(f -> f.fanout().publisher().info()).toList();
    }

    /** Stops publishing every stream (the server is shutting down); Janus's sessions are destroyed. */
    @Override
    public void close() {
        List<JanusFanout> stopping;
        synchronized (this) {
            closed = true;
            stopping = new ArrayList<>(fanouts.values().stream().map(Fanned::fanout).toList());
            fanouts.clear();
        }
        stopping.forEach(f -> f.publisher().requestStop());
        stopping.forEach(f -> f.publisher().awaitStopped());
        work.shutdownNow();
    }
}
