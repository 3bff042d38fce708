package io.woperator.stream;

/**
 * Turns running totals (frames pushed, bytes sent) into per-second rates between two samples, and counts the
 * frames capture fell short of its rate while it ran. Kept apart from {@link Stream} so the arithmetic can be
 * tested without natives.
 */
final class StatsSampler {

    /** The rates since the previous sample, and the shortfall since start. */
    record Rates(double fps, double kbps, long framesDropped) {
    }

    private long lastNanos = -1;
    private long lastFrames;
    private long lastBytes;
    /** Whether capture ran and delivered through the whole previous interval. */
    private boolean wasDelivering;
    private double dropped;

    /**
     * @param capturing  whether capture runs now
     * @param targetFps  the rate capture is asked to run at
     */
    synchronized Rates sample(long nanos, long frames, long bytes, boolean capturing, int targetFps) {
        if (lastNanos < 0) {
            lastNanos = nanos;
            lastFrames = frames;
            lastBytes = bytes;
            return new Rates(0, 0, 0);
        }
        double seconds = Math.max(1e-3, (nanos - lastNanos) / 1e9);
        double fps = (frames - lastFrames) / seconds;
        double kbps = (bytes - lastBytes) * 8 / 1000.0 / seconds;
        // only an interval after one that delivered says anything about the rate: not the one in which the source
        // was still opening, nor one in which capture stopped; a frame either way is the timing of the samples
        if (capturing && wasDelivering) {
            dropped += Math.max(0, targetFps * seconds - (frames - lastFrames) - 1);
        }
        wasDelivering = capturing && frames > lastFrames;
        lastNanos = nanos;
        lastFrames = frames;
        lastBytes = bytes;
        return new Rates(fps, kbps, (long) dropped);
    }
}
