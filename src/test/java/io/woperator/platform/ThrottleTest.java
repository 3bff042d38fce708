package io.woperator.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ThrottleTest {

    private static final Duration INTERVAL = Duration.ofMillis(300);
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
    private final AtomicInteger runs = new AtomicInteger();
    private final Throttle throttle = new Throttle(timer, INTERVAL, runs::incrementAndGet);

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    @Test
    void theFirstRequestRunsAtOnceAndABurstAfterItRunsOnceMore() throws Exception {
        throttle.request();
        assertEquals(1, runs.get(), "run on the caller's thread");
        for (int i = 0; i < 1000; i++) {
            throttle.request();
        }
        assertEquals(1, runs.get(), "the burst waits for the interval");
        afterTwoIntervals();
        assertEquals(2, runs.get(), "the burst ran once");
        afterTwoIntervals();
        assertEquals(2, runs.get(), "nothing more was asked");
        throttle.request();
        assertEquals(3, runs.get(), "an interval after the last run: at once again");
    }

    @Test
    void aStoppedTimerDropsTheNewsQuietly() {
        throttle.request();
        timer.shutdownNow();
        throttle.request();
        throttle.request();
        assertEquals(1, runs.get());
    }

    private void afterTwoIntervals() throws Exception {
        timer.schedule(() -> { }, INTERVAL.toMillis() * 2, TimeUnit.MILLISECONDS).get();
    }
}
