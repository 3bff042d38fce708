package io.woperator.whip;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.woperator.platform.DaemonThreads;
import io.woperator.protocol.PublishingInfo;
import io.woperator.publish.Publisher;
import io.woperator.publish.PublishingGauge;
import io.woperator.rtc.RtcEngine;
import io.woperator.rtc.StreamTracks;
import io.woperator.session.ViewerRegistry;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streams published to WHIP endpoints: at most one endpoint per stream, each kept up by its own
 * {@link Publisher} until stopped.
 */
public final class WhipPublishing implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WhipPublishing.class);

    /** What is published: a stream's id, its viewers (the publisher joins them), and its tracks. */
    public record Source(String streamId, ViewerRegistry viewers, StreamTracks tracks) {
    }

    private static final Publisher.Listener NO_LISTENER = new Publisher.Listener() {
        @Override
        public void live() {
        }

        @Override
        public void notLive(String reason) {
        }
    };

    private final RtcEngine rtc;
    private final Clock clock;
    private final ExecutorService httpWork;
    private final WhipClient client;
    private final Map<String, Publisher> publishers = new ConcurrentHashMap<>();
    private boolean closed;

    public WhipPublishing(RtcEngine rtc, Clock clock) {
        this.rtc = rtc;
        this.clock = clock;
        this.httpWork = Executors.newCachedThreadPool(DaemonThreads.named("woperator-whip-http"));
        this.client = new WhipClient(httpWork);
    }

    /**
     * Starts publishing a stream to a WHIP endpoint; it connects in the background, and {@link #info} tells how it
     * goes.
     *
     * @param token the endpoint's bearer token, or null
     */
    public synchronized PublishingInfo start(Source source, String url, String token) throws WhipException {
        if (closed) {
            throw new WhipException(WhipException.Reason.REFUSED, "the server is shutting down");
        }
        String id = source.streamId();
        Publisher running = publishers.get(id);
        if (running != null) {
            throw new WhipException(WhipException.Reason.ALREADY_PUBLISHING, "stream '" + id
                    + "' is being published already, to " + WhipDestination.forLog(URI.create(running.info().url())));
        }
        URI endpoint = endpoint(url);
        Publisher publisher = new Publisher("whip", id, source.viewers(),
                events -> rtc.createPublishingPeer(source.tracks(), events, rtc.iceServers().forViewer("whip-" + id), false),
                new WhipDestination(endpoint, token == null || token.isBlank() ? null : token, client), NO_LISTENER,
                clock);
        publishers.put(id, publisher);
        publisher.start();
        LOG.info("Stream {}: publishing to the WHIP endpoint {}", id, WhipDestination.forLog(endpoint));
        return publisher.info();
    }

    /** Stops publishing a stream, ending its session at the endpoint. */
    public PublishingInfo stop(String streamId) throws WhipException {
        Publisher publisher = publishers.remove(streamId);
        if (publisher == null) {
            throw notPublishing(streamId);
        }
        publisher.stop();
        return publisher.info();
    }

    /** How a stream's publishing goes. */
    public PublishingInfo info(String streamId) throws WhipException {
        Publisher publisher = publishers.get(streamId);
        if (publisher == null) {
            throw notPublishing(streamId);
        }
        return publisher.info();
    }

    /** How each stream's publishing goes. */
    /** Registers woperator_whip_publishing. */
    public void registerMeters(PrometheusRegistry registry) {
        PublishingGauge.register(registry, "woperator_whip_publishing",
                "Streams published to a WHIP endpoint: 1 while its session is up, 0 while connecting or retrying",
                this::all);
    }

    public List<PublishingInfo> all() {
        return publishers.values().stream().map(Publisher::info).toList();
    }

    public boolean publishing(String streamId) {
        return publishers.containsKey(streamId);
    }

    /** Stops every publisher, each ending its session at its endpoint (the server is shutting down). */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        List<Publisher> stopping = List.copyOf(publishers.values());
        publishers.clear();
        stopping.forEach(Publisher::requestStop); // all at once: each may wait for its endpoint's DELETE
        stopping.forEach(Publisher::awaitStopped);
        httpWork.shutdownNow();
    }

    private static WhipException notPublishing(String streamId) {
        return new WhipException(WhipException.Reason.NOT_PUBLISHING, "stream '" + streamId
                + "' is not being published");
    }

    private static URI endpoint(String url) throws WhipException {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new WhipException(WhipException.Reason.INVALID_TARGET, "the WHIP endpoint's address is not a URL: "
                    + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new WhipException(WhipException.Reason.INVALID_TARGET, "the WHIP endpoint's address must be an "
                    + "http:// or https:// URL with a host, not '" + url + "'");
        }
        return uri;
    }
}
