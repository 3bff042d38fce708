package io.woperator.platform;

import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * Log lines of one kind at a bounded rate, however many clients misbehave at once: up to {@code perMinute} lines a
 * minute, then one line that says the rest are only counted, and with the first line of a later minute one that
 * says how many were left out. A flood of bad messages thus costs a few lines, not one each.
 */
public final class LogBudget {
    private static final long MINUTE_NANOS = 60_000_000_000L;

    private final Logger log;
    private final String what;
    private final int perMinute;
    private final LongSupplier nanoTime;
    private long minuteStarted;
    private int logged;
    private long leftOut;

    /** @param what what the lines are about, for the summary: "bad messages from viewers" */
    public LogBudget(Logger log, String what, int perMinute) {
        this(log, what, perMinute, System::nanoTime);
    }

    /** @param nanoTime the clock, {@link System#nanoTime} but in tests */
    LogBudget(Logger log, String what, int perMinute, LongSupplier nanoTime) {
        this.log = log;
        this.what = what;
        this.perMinute = perMinute;
        this.nanoTime = nanoTime;
        this.minuteStarted = nanoTime.getAsLong();
    }

    /** Runs {@code line} (which logs) if the budget allows, or counts it. */
    public void note(Runnable line) {
        boolean allowed;
        boolean firstLeftOut;
        long summary = 0;
        synchronized (this) {
            long now = nanoTime.getAsLong();
            if (now - minuteStarted >= MINUTE_NANOS) {
                summary = leftOut;
                minuteStarted = now;
                logged = 0;
                leftOut = 0;
            }
            allowed = logged < perMinute;
            if (allowed) {
                logged++;
            } else {
                leftOut++;
            }
            firstLeftOut = leftOut == 1 && !allowed;
        }
        if (summary > 0) {
            log.warn("{} more {} in the minute before, not logged one by one", summary, what);
        }
        if (firstLeftOut) {
            log.warn("More {} than {} this minute: the rest are counted, not logged one by one", what, perMinute);
        }
        if (allowed) {
            line.run();
        }
    }

    /** Lines left out in the current minute, so far. */
    public synchronized long leftOut() {
        return leftOut;
    }
}
