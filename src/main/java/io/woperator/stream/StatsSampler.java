package io.woperator.stream;

/**
 * Turns running totals (frames pushed, bytes sent) into per-second rates between two samples. Kept apart from
 * {@link Stream} so the arithmetic can be tested without natives.
 */
final class StatsSampler {

    /** The rates since the previous sample. */
    record Rates(double fps, double kbps) {
    }

    private long lastNanos = -1;
    private long lastFrames;
    private long lastBytes;

    synchronized Rates sample(long nanos, long frames, long bytes) {
        if (lastNanos < 0) {
            lastNanos = nanos;
            lastFrames = frames;
            lastBytes = bytes;
            return new Rates(0, 0);
        }
        double seconds = Math.max(1e-3, (nanos - lastNanos) / 1e9);
        double fps = (frames - lastFrames) / seconds;
        double kbps = (bytes - lastBytes) * 8 / 1000.0 / seconds;
        lastNanos = nanos;
        lastFrames = frames;
        lastBytes = bytes;
        return new Rates(fps, kbps);
    }
}
