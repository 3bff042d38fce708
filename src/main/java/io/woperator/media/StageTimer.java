package io.woperator.media;

import java.util.concurrent.atomic.LongAdder;

/** Counts how often a stage of the media path ran and how long it took, so a slow stage shows itself. */
public final class StageTimer {
    private final String name;
    private final LongAdder count = new LongAdder();
    private final LongAdder nanos = new LongAdder();

    public StageTimer(String name) {
        this.name = name;
    }

    /** Counts one run that started at {@code startNanos} and ends now; returns how long it took, in ns. */
    public long record(long startNanos) {
        long took = System.nanoTime() - startNanos;
        count.increment();
        nanos.add(took);
        return took;
    }

    public Snapshot snapshot() {
        return new Snapshot(name, count.sum(), nanos.sum());
    }

    /** Totals since start, as /metrics shows them. */
    public record Snapshot(String stage, long count, long totalNanos) {
    }
}
