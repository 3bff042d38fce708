package io.woperator.platform;

import java.util.function.LongSupplier;

/**
 * A token bucket: {@code perSecond} events on average, bursts of up to {@code burst}. Unlike a least interval
 * between events, it lets through events that come at the rate but unevenly (one late, the next early).
 */
public final class RateLimiter {
    private final double perNano;
    private final double burst;
    private final LongSupplier nanoTime;
    private double tokens;
    private long last;

    public RateLimiter(double perSecond, double burst) {
        this(perSecond, burst, System::nanoTime);
    }

    /** @param nanoTime the clock, {@link System#nanoTime} but in tests */
    RateLimiter(double perSecond, double burst, LongSupplier nanoTime) {
        this.perNano = perSecond / 1e9;
        this.burst = burst;
        this.nanoTime = nanoTime;
        this.tokens = burst;
        this.last = nanoTime.getAsLong();
    }

    public synchronized boolean tryAcquire() {
        long now = nanoTime.getAsLong();
        tokens = Math.min(burst, tokens + (now - last) * perNano);
        last = now;
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }
}
