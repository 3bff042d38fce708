package io.woperator.capture;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * When to grab a screen that says when it changes. A change is grabbed at once, but never sooner than one frame
 * interval after the last grab (the frame rate is a ceiling). After a change, grabbing goes on at the full rate for
 * a short while, as the encoder sharpens a picture that has just stopped moving. A still screen is grabbed once a
 * second, a refresh from which a lost packet recovers; {@link #wake()} (a new viewer) asks for the full rate for a
 * while at once.
 */
final class ChangePacer {

    /** Whether the screen changed, waiting up to a time for it. */
    @FunctionalInterface
    interface Changes {
        boolean await(long timeoutNanos) throws CaptureException;
    }

    /** The clock and the sleeping, apart so that tests can run them on virtual time. */
    interface Clock {
        long nanoTime();

        void park(long nanos);
    }

    static final long REFRESH_NANOS = TimeUnit.SECONDS.toNanos(1);
    static final long SETTLE_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    static final long WAKE_NANOS = TimeUnit.SECONDS.toNanos(2);
    /** How long one wait for a change lasts at most, so that a wake or a stop is seen soon. */
    private static final long WAIT_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private static final Clock SYSTEM = new Clock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void park(long nanos) {
            LockSupport.parkNanos(nanos);
        }
    };

    private final long periodNanos;
    private final Changes changes;
    private final Clock clock;
    private long lastGrab;
    private long busyUntil;
    private double framesLate;
    private volatile boolean wakeRequested;

    ChangePacer(int fps, Changes changes) {
        this(fps, changes, SYSTEM);
    }

    ChangePacer(int fps, Changes changes, Clock clock) {
        this.periodNanos = TimeUnit.SECONDS.toNanos(1) / fps;
        this.changes = changes;
        this.clock = clock;
        long now = clock.nanoTime();
        this.lastGrab = now - periodNanos;
        this.busyUntil = now + WAKE_NANOS; // capture starts because someone came to watch
    }

    /** Waits until the next grab is due; false when the thread was interrupted meanwhile. */
    boolean awaitNextFrame() throws CaptureException {
        long earliest = lastGrab + periodNanos;
        long now;
        while ((now = clock.nanoTime()) < earliest) {
            clock.park(earliest - now);
            if (Thread.currentThread().isInterrupted()) {
                return false;
            }
        }
        double intervals = (now - lastGrab) / (double) periodNanos;
        if (now < busyUntil && intervals > 1.5) {
            // moving, and this grab comes more than half an interval late: the frames between were missed
            framesLate += intervals - 1;
        }
        if (changes.await(0)) {
            busyUntil = Math.max(busyUntil, now + SETTLE_NANOS);
        }
        takeWake(now);
        while (now >= busyUntil && now - lastGrab < REFRESH_NANOS) {
            if (changes.await(Math.min(WAIT_SLICE_NANOS, lastGrab + REFRESH_NANOS - now))) {
                now = clock.nanoTime();
                busyUntil = now + SETTLE_NANOS;
                break;
            }
            if (Thread.currentThread().isInterrupted()) {
                return false;
            }
            now = clock.nanoTime();
            takeWake(now);
        }
        lastGrab = now;
        return true;
    }

    /** Grabs at the full rate for a while from now: someone new needs a picture. Any thread. */
    void wake() {
        wakeRequested = true;
    }

    /** Frame intervals missed while the screen was changing, since start. */
    long framesLate() {
        return (long) framesLate;
    }

    private void takeWake(long now) {
        if (wakeRequested) {
            wakeRequested = false;
            busyUntil = Math.max(busyUntil, now + WAKE_NANOS);
        }
    }
}
