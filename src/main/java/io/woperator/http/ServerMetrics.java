package io.woperator.http;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.woperator.media.StageTimer;
import io.woperator.protocol.StreamState;
import io.woperator.protocol.StreamStats;
import io.woperator.rtc.RtcEngine;
import io.woperator.rtc.SenderStats;
import io.woperator.stream.Stream;
import io.woperator.stream.StreamRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

/**
 * What /metrics shows Prometheus: per stream its state, rates and counters (as sampled once a second, the same
 * figures the streams API sends), the time each stage of its media path takes; per viewer the round trip, packets
 * lost, keyframes, encode time and congestion control's target (from its sender's once-a-second report), and how
 * many viewers' connections are in each state; viewers, peer connections made and closed, refused credentials,
 * streams API requests, and the JVM's and the process's own figures (heap, threads, GC, resident memory).
 */
public final class ServerMetrics {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final AtomicReference<List<StreamStats>> latest = new AtomicReference<>(List.of());
    private final Counter authFailures;
    private final StreamRegistry streams;

    public ServerMetrics(StreamRegistry streams, RtcEngine rtc) {
        this.streams = streams;
        JvmMetrics.builder().register(registry);
        streams.onStats(latest::set);
        perStream("woperator_stream_running", "1 while the stream runs, 0 when stopped or failed",
                (s, out) -> out.call(s.state() == StreamState.RUNNING ? 1 : 0, s.id()));
        perStream("woperator_stream_frames_per_second", "Frames captured and sent on, over the last second",
                (s, out) -> out.call(s.fps(), s.id()));
        perStream("woperator_stream_viewers", "Viewers connected to the stream",
                (s, out) -> out.call(s.viewers(), s.id()));
        perStream("woperator_stream_sent_bytes_per_second", "Video sent to all the stream's viewers, over the last "
                + "second", (s, out) -> out.call(s.kbps() * 1000 / 8, s.id()));
        perStream("woperator_stream_width_pixels", "Width of the stream's picture", (s, out) -> out.call(s.width(),
                s.id()));
        perStream("woperator_stream_height_pixels", "Height of the stream's picture", (s, out) -> out.call(s.height(),
                s.id()));
        CounterWithCallback.builder().name("woperator_stream_frames").help("Frames captured and sent on")
                .labelNames("stream").callback(out -> latest.get().forEach(s -> out.call(s.frames(), s.id())))
                .register(registry);
        CounterWithCallback.builder().name("woperator_stream_frames_dropped")
                .help("Frames the capture could not take in time (short of its rate)").labelNames("stream")
                .callback(out -> latest.get().forEach(s -> out.call(s.framesDropped(), s.id()))).register(registry);
        CounterWithCallback.builder().name("woperator_stream_sent_bytes")
                .help("Video bytes sent to the stream's viewers").labelNames("stream")
                .callback(out -> streams.all().forEach(s -> out.call(s.bytesSent(), s.id()))).register(registry);
        CounterWithCallback.builder().name("woperator_channel_encoded_pictures")
                .help("Pictures the server's own encoders made for viewers on the data channel 'frames'")
                .labelNames("stream").callback(out -> streams.all().forEach(s -> {
                    if (s.encodedFeeds() != null) {
                        out.call(s.encodedFeeds().picturesEncoded(), s.id());
                    }
                })).register(registry);
        CounterWithCallback.builder().name("woperator_channel_encoded_bytes")
                .help("Bytes of the pictures the server's own encoders made for viewers on the data channel 'frames'")
                .labelNames("stream").callback(out -> streams.all().forEach(s -> {
                    if (s.encodedFeeds() != null) {
                        out.call(s.encodedFeeds().bytesEncoded(), s.id());
                    }
                })).register(registry);
        CounterWithCallback.builder().name("woperator_stage_seconds")
                .help("Time spent in each stage of a stream's media path (grab, convert, push, audio push)")
                .labelNames("stream", "stage")
                .callback(out -> stages(streams).forEach(t -> out.call(t.timer().totalNanos() / 1e9, t.stream(),
                        t.timer().stage()))).register(registry);
        CounterWithCallback.builder().name("woperator_stage_runs")
                .help("Times each stage of a stream's media path ran").labelNames("stream", "stage")
                .callback(out -> stages(streams).forEach(t -> out.call(t.timer().count(), t.stream(),
                        t.timer().stage()))).register(registry);
        perViewer("woperator_viewer_round_trip_seconds", "Round trip to the viewer, as its reports say",
                (stats, out, labels) -> {
                    if (stats.roundTripSeconds() != null) {
                        out.call(stats.roundTripSeconds(), labels);
                    }
                });
        perViewer("woperator_viewer_target_bytes_per_second", "What congestion control aims to send the viewer",
                (stats, out, labels) -> out.call(stats.targetKbps() * 125, labels));
        perViewer("woperator_viewer_frame_encode_seconds", "Encode time per frame for the viewer, over the last second",
                (stats, out, labels) -> out.call(stats.encodeMs() / 1000, labels));
        CounterWithCallback.builder().name("woperator_viewer_keyframes").help("Keyframes sent to the viewer")
                .labelNames("stream", "viewer").callback(out -> streams.all().forEach(s -> s.viewerReports()
                        .forEach((viewer, stats) -> out.call(stats.keyFrames(), s.id(), viewer)))).register(registry);
        CounterWithCallback.builder().name("woperator_viewer_packets_lost")
                .help("Video packets the viewer reports lost").labelNames("stream", "viewer")
                .callback(out -> streams.all().forEach(s -> s.viewerReports()
                        .forEach((viewer, stats) -> out.call(stats.packetsLost(), s.id(), viewer)))).register(registry);
        GaugeWithCallback.builder().name("woperator_viewer_connections")
                .help("Viewers' peer connections by state (new, connecting, connected, disconnected, failed)")
                .labelNames("stream", "state").callback(out -> streams.all().forEach(s -> s.viewerStates().values()
                        .stream().collect(Collectors.groupingBy(state -> state, Collectors.counting()))
                        .forEach((state, count) -> out.call(count, s.id(), state)))).register(registry);
        GaugeWithCallback.builder().name("woperator_viewers").help("Viewers connected, all streams together")
                .callback(out -> out.call(streams.all().stream().mapToInt(s -> s.viewers().count()).sum()))
                .register(registry);
        CounterWithCallback.builder().name("woperator_peer_connections_created")
                .help("WebRTC peer connections made for viewers").callback(out -> out.call(rtc.peersCreated()))
                .register(registry);
        CounterWithCallback.builder().name("woperator_peer_connections_closed")
                .help("WebRTC peer connections of viewers closed again").callback(out -> out.call(rtc.peersClosed()))
                .register(registry);
        CounterWithCallback.builder().name("woperator_native_peer_connections_freed")
                .help("Closed peer connections (viewers' and microphones') whose native memory was freed")
                .callback(out -> out.call(rtc.nativePeersFreed())).register(registry);
        authFailures = Counter.builder().name("woperator_auth_failures")
                .help("Requests refused for missing or wrong credentials").register(registry);
    }

    /** Where the other parts (the streams API, the outputs) register their own meters. */
    public PrometheusRegistry registry() {
        return registry;
    }

    /** A request came without valid credentials. */
    public void authFailed() {
        authFailures.inc();
    }

    private void perStream(String name, String help, BiConsumer<StreamStats, GaugeWithCallback.Callback> value) {
        GaugeWithCallback.builder().name(name).help(help).labelNames("stream")
                .callback(out -> latest.get().forEach(s -> value.accept(s, out))).register(registry);
    }

    /** Writes one viewer's figure, labelled {stream, viewer}. */
    private interface ViewerFigure {
        void write(SenderStats stats, GaugeWithCallback.Callback out, String... labels);
    }

    private void perViewer(String name, String help, ViewerFigure figure) {
        GaugeWithCallback.builder().name(name).help(help).labelNames("stream", "viewer")
                .callback(out -> streams.all().forEach(s -> s.viewerReports()
                        .forEach((viewer, stats) -> figure.write(stats, out, s.id(), viewer)))).register(registry);
    }

    private record StreamStage(String stream, StageTimer.Snapshot timer) {
    }

    private static List<StreamStage> stages(StreamRegistry streams) {
        List<StreamStage> all = new ArrayList<>();
        for (Stream stream : streams.all()) {
            if (stream.video() != null) {
                stream.video().stages().forEach(s -> all.add(new StreamStage(stream.id(), s)));
            }
            if (stream.audio() != null) {
                all.add(new StreamStage(stream.id(), stream.audio().stage()));
            }
        }
        return all;
    }
}
