package io.woperator.stream;

import io.woperator.capture.CaptureException;
import io.woperator.capture.FrameSources;
import io.woperator.config.Encoding;
import io.woperator.protocol.StreamInfo;
import io.woperator.protocol.StreamSpec;
import io.woperator.protocol.StreamState;
import io.woperator.protocol.StreamStats;
import io.woperator.protocol.Texts;
import io.woperator.rtc.RtcEngine;
import io.woperator.rtc.StreamTracks;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's streams by id, in the order they were made (the first is the default one): making, starting,
 * stopping and deleting them, keeping those made through the API, and their figures once a second. A stream
 * that fails affects no other.
 */
public final class StreamRegistry implements AutoCloseable {

    /**
     * What a new stream gets from the server's settings when its description leaves it out; its picture is encoded
     * as {@code encoding} says, at its own frame rate.
     */
    public record Defaults(String display, Encoding encoding, boolean resize, int maxViewers) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(StreamRegistry.class);

    private final Defaults defaults;
    private final RtcEngine rtc;
    /** Null when streams are not kept (no --state-dir). */
    private final StreamStore store;
    private final Map<String, Stream> streams = new LinkedHashMap<>();
    /** Making, starting, stopping and deleting happen one at a time; looking a stream up never waits for them. */
    private final Object changes = new Object();
    private final List<Consumer<List<StreamStats>>> statsListeners = new CopyOnWriteArrayList<>();
    /** Samples the streams, and paces what their viewers are told. */
    private final ScheduledExecutorService timer;
    private ScheduledFuture<?> statsTask;

    public StreamRegistry(Defaults defaults, RtcEngine rtc, StreamStore store, ScheduledExecutorService timer) {
        this.defaults = defaults;
        this.rtc = rtc;
        this.store = store;
        this.timer = timer;
    }

    /**
     * Makes a stream from the API: its source is checked first (a display that answers, a camera that is there),
     * and it is kept when the server keeps streams.
     */
    public StreamInfo create(StreamSpec asked) throws StreamException {
        synchronized (changes) {
            StreamSpec spec = withDefaults(asked);
            if (find(spec.id()) != null) {
                throw new StreamException(StreamException.Code.DUPLICATE_STREAM,
                        "a stream named '" + spec.id() + "' exists already");
            }
            check(spec);
            Stream stream = add(spec, true);
            persist();
            return stream.info();
        }
    }

    /**
     * Makes a stream the server was started with, or one it kept, and starts it when {@code start}: a source that
     * is not there now marks the stream failed (said in the log) and is tried again when someone watches.
     */
    private void restore(StreamSpec asked, boolean kept, boolean start) throws StreamException {
        synchronized (changes) {
            StreamSpec spec = withDefaults(asked);
            if (find(spec.id()) != null) {
                throw new StreamException(StreamException.Code.DUPLICATE_STREAM,
                        "a stream named '" + spec.id() + "' exists already");
            }
            Stream stream = add(spec, kept);
            if (start) {
                stream.start();
                try {
                    FrameSources.check(spec.source());
                } catch (CaptureException e) {
                    LOG.warn("Stream {}: {} (tried again when someone watches)", spec.id(), e.getMessage());
                    stream.failed(e.getMessage());
                }
            }
        }
    }

    /**
     * Makes and starts the streams the server was started with (a mistake in one is thrown), then those it kept
     * from earlier runs, started if they were running (one whose id is taken now is left out, said in the log).
     */
    public void openAtStart(List<StreamSpec> configured, List<StreamStore.Entry> kept) throws StreamException {
        for (StreamSpec spec : configured) {
            restore(spec, false, true);
        }
        for (StreamStore.Entry entry : kept) {
            try {
                restore(entry.stream(), true, entry.running());
            } catch (StreamException e) {
                LOG.warn("The kept stream {} is left out: {}", entry.stream().id(), e.getMessage());
            }
        }
    }

    /** Says goodbye to every viewer of every stream, and waits for them to be gone (a while at most). */
    public void letEveryoneGo(String reason) {
        for (Stream stream : all()) {
            stream.viewers().closeAll(reason, 1500, TimeUnit.MILLISECONDS);
        }
    }

    public StreamInfo start(String id) throws StreamException {
        synchronized (changes) {
            Stream stream = existing(id);
            check(stream.spec());
            stream.start();
            persist();
            return stream.info();
        }
    }

    /** Stops a stream: its viewers are told why and let go, new ones are turned away until it starts again. */
    public StreamInfo stop(String id) throws StreamException {
        synchronized (changes) {
            Stream stream = existing(id);
            stream.stop("the stream was stopped");
            persist();
            return stream.info();
        }
    }

    /**
     * Deletes a stream. One that is watched is only deleted with {@code force}: its viewers are then told the
     * stream was deleted and let go.
     */
    public StreamInfo delete(String id, boolean force) throws StreamException {
        synchronized (changes) {
            Stream stream = existing(id);
            int watching = stream.viewers().count();
            if (watching > 0 && !force) {
                throw new StreamException(StreamException.Code.STREAM_WATCHED, "stream '" + id + "' has " + watching
                        + " viewer(s): stop it first (they are told and let go), or delete it with force");
            }
            synchronized (streams) {
                streams.remove(id);
            }
            StreamInfo last = stream.info();
            stream.close();
            persist();
            LOG.info("Stream {} deleted", id);
            return new StreamInfo(last.id(), last.description(), last.source(), StreamState.STOPPED, 0, false, null);
        }
    }

    /** The stream of that id, or null. */
    public Stream find(String id) {
        synchronized (streams) {
            return streams.get(id);
        }
    }

    /** The stream a viewer gets without asking for one: the first made; null when there is none. */
    public Stream defaultStream() {
        synchronized (streams) {
            return streams.isEmpty() ? null : streams.values().iterator().next();
        }
    }

    public List<Stream> all() {
        synchronized (streams) {
            return List.copyOf(streams.values());
        }
    }

    public List<StreamInfo> list() {
        return all().stream().map(Stream::info).toList();
    }

    /** Hears the figures once a second until the returned action is run. */
    public Runnable onStats(Consumer<List<StreamStats>> listener) {
        statsListeners.add(listener);
        return () -> statsListeners.remove(listener);
    }

    /** Samples every stream once a second from now on. */
    public synchronized void sampleEverySecond() {
        if (statsTask == null) {
            statsTask = timer.scheduleAtFixedRate(this::sample, 1, 1, TimeUnit.SECONDS);
        }
    }

    private void sample() {
        List<StreamStats> now = new ArrayList<>();
        for (Stream stream : all()) {
            now.add(stream.sample());
        }
        List<StreamStats> stats = List.copyOf(now);
        for (Consumer<List<StreamStats>> listener : statsListeners) {
            try {
                listener.accept(stats);
            } catch (RuntimeException e) {
                LOG.warn("A stats listener failed", e);
            }
        }
    }

    private Stream add(StreamSpec spec, boolean kept) throws StreamException {
        StreamTracks tracks;
        try {
            tracks = rtc.createTracks(spec.id(), defaults.encoding().withFps(spec.source().fps()),
                    spec.source().hasVideo(), spec.source().soundSource() != null);
        } catch (RuntimeException e) {
            throw new StreamException(StreamException.Code.INTERNAL, "could not make the stream's tracks: "
                    + e.getMessage());
        }
        Stream stream;
        try {
            stream = new Stream(spec, kept, tracks, defaults.resize(), defaults.maxViewers(), timer);
        } catch (RuntimeException e) {
            tracks.close();
            throw new StreamException(StreamException.Code.INTERNAL, "could not make the stream: " + e.getMessage());
        }
        synchronized (streams) {
            streams.put(spec.id(), stream);
        }
        LOG.info("Stream {} made ({}{})", spec.id(), spec.source().kind(), kept && store != null ? ", kept" : "");
        return stream;
    }

    private Stream existing(String id) throws StreamException {
        Stream stream = find(id);
        if (stream == null) {
            throw new StreamException(StreamException.Code.UNKNOWN_STREAM, "no stream named '" + Texts.clip(id, 64)
                    + "'");
        }
        return stream;
    }

    /** The server's display and frame rate where the description leaves them out. */
    private StreamSpec withDefaults(StreamSpec spec) throws StreamException {
        StreamSpec.Source s = spec.source();
        String display = s.display();
        if (s.kind().equals("x11") && display == null) {
            display = defaults.display();
            if (display == null) {
                throw new StreamException(StreamException.Code.INVALID_STREAM,
                        "an x11 source needs 'display': this server has none of its own (DISPLAY is not set)");
            }
        }
        int fps = s.fps() != null ? s.fps() : defaults.encoding().fps();
        try {
            return new StreamSpec(spec.id(), spec.description(), new StreamSpec.Source(s.kind(), display, s.region(),
                    s.device(), s.size(), fps, s.format(), s.audio()));
        } catch (IllegalArgumentException e) {
            throw new StreamException(StreamException.Code.INVALID_STREAM, e.getMessage());
        }
    }

    private static void check(StreamSpec spec) throws StreamException {
        try {
            FrameSources.check(spec.source());
        } catch (CaptureException e) {
            throw new StreamException(StreamException.Code.NO_SUCH_DEVICE, e.getMessage());
        }
    }

    /** Writes the kept streams down; a failure is logged and the change stands (it is lost at the next restart). */
    private void persist() {
        if (store == null) {
            return;
        }
        List<StreamStore.Entry> kept = all().stream().filter(Stream::kept)
                .map(s -> new StreamStore.Entry(s.spec(), s.state().serving())).toList();
        try {
            store.save(kept);
        } catch (IOException e) {
            LOG.error("Could not keep the streams in {}: {} (they are lost at the next restart)", store.file(),
                    e.getMessage());
        }
    }

    /** Stops sampling and closes every stream: their viewers are let go and their tracks freed. */
    @Override
    public void close() {
        synchronized (this) {
            if (statsTask != null) {
                statsTask.cancel(false);
            }
        }
        for (Stream stream : all()) {
            stream.close();
        }
        synchronized (streams) {
            streams.clear();
        }
    }
}
