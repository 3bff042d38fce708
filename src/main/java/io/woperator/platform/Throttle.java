package io.woperator.platform;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs an action at most once an interval, however often it is asked: at once when it last ran an interval ago or
 * more, otherwise once when the interval is over, for every request made meanwhile. For news where only the latest
 * state matters (who is in control, how many watch): a burst of changes costs each listener a message or two, not
 * one per change.
 */
public final class Throttle {

    private final ScheduledExecutorService timer;
    private final long intervalNanos;
    private final Runnable action;
    private boolean scheduled;
    private long lastRun;
    private boolean ranOnce;

    public Throttle(ScheduledExecutorService timer, Duration interval, Runnable action) {
        this.timer = timer;
        this.intervalNanos = interval.toNanos();
        this.action = action;
    }

    /** Asks for the action: run now on this thread, or later on the timer's. */
    public void request() {
        long wait;
        synchronized (this) {
            if (scheduled) {
                return;
            }
            long now = System.nanoTime();
            wait = ranOnce ? lastRun + intervalNanos - now : 0;
            if (wait <= 0) {
                ranOnce = true;
                lastRun = now;
            } else {
                scheduled = true;
            }
        }
        if (wait <= 0) {
            action.run();
            return;
        }
        try {
            timer.schedule(this::runScheduled, wait, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            synchronized (this) {
                scheduled = false; // shutting down: the news no longer matters
            }
        }
    }

    private void runScheduled() {
        synchronized (this) {
            scheduled = false;
            lastRun = System.nanoTime();
        }
        action.run();
    }
}
