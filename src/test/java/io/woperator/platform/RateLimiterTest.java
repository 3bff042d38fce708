package io.woperator.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private static final long FRAME_NANOS = 1_000_000_000L / 30;

    /** 30 a second, each one late or early by up to 40% of an interval in turn: none is left out. */
    @Test
    void eventsAtTheRateButUnevenlySpacedAllPass() {
        AtomicLong clock = new AtomicLong();
        RateLimiter limiter = new RateLimiter(30, 2, clock::get);
        int passed = 0;
        for (int i = 1; i <= 300; i++) {
            clock.set(i * FRAME_NANOS + (i % 2 == 0 ? 1 : -1) * FRAME_NANOS * 4 / 10);
            passed += limiter.tryAcquire() ? 1 : 0;
        }
        assertEquals(300, passed);
    }

    /** Twice the rate for ten seconds: the rate passes, plus the burst at the start. */
    @Test
    void eventsAboveTheRateAreLeftOutToTheRate() {
        AtomicLong clock = new AtomicLong();
        RateLimiter limiter = new RateLimiter(30, 2, clock::get);
        int passed = 0;
        for (int i = 1; i <= 600; i++) {
            clock.set(i * FRAME_NANOS / 2);
            passed += limiter.tryAcquire() ? 1 : 0;
        }
        assertEquals(300 + 2, passed, 1);
    }
}
