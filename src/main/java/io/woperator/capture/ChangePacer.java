package io.woperator.capture;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * When to grab a screen that says when it changes. A change is grabbed at once, but never sooner than one frame
 * interval after the last grab (the frame rate is a ceiling). Once the screen has stopped changing, it is grabbed
 * at the full rate for a short while, as the encoder sharpens a picture that has just stopped moving. "Stopped"
 * means still for longer than its last changes were apart (at least three intervals): a grab without a change holds
 * the next change back by up to an interval, so none is made while content keeps changing at its own pace (a
 * video, typing). A still screen is grabbed once a second, a refresh from which a lost packet recovers;
 * {@link #wake()} (a new viewer) asks for the full rate for a while at once.
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
    /**
     * How long the screen stays still after a change before it is grabbed, up to a longest wait: a paint is often
     * several drawings (a page, then its text), and a grab after the first holds the rest back by an interval.
     */
    static final long DRAWN_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    static final long DRAWING_MAX_NANOS = TimeUnit.MILLISECONDS.toNanos(4);
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
    private boolean lastGrabChanged;
    private long busyUntil;
    private long settleFrom;
    private long settleUntil;
    private long lastChange;
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
        this.lastChange = now - REFRESH_NANOS;
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
        boolean changed = changes.await(0);
        if (changed && lastGrabChanged && intervals > 1.5) {
            // moving, and this grab comes more than half an interval late: the frames between were missed
            framesLate += intervals - 1;
        }
        takeWake(now);
        while (!changed && !due(now)) {
            long wait = Math.min(WAIT_SLICE_NANOS, lastGrab + REFRESH_NANOS - now);
            if (now < settleFrom) {
                wait = Math.min(wait, settleFrom - now);
            }
            changed = changes.await(wait);
            if (Thread.currentThread().isInterrupted()) {
                return false;
            }
            now = changed ? awaitDrawn() : clock.nanoTime();
            takeWake(now);
        }
        if (changed) {
            changedAt(now);
        }
        lastGrab = now;
        lastGrabChanged = changed;
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

    /**
     * Waits, after a change that came while waiting, for the drawing to end; returns the time then. (A change found
     * waiting when a grab is due is grabbed at once: it is older, and the content is moving.)
     */
    private long awaitDrawn() throws CaptureException {
        long seen = clock.nanoTime();
        long now = seen;
        while (now - seen < DRAWING_MAX_NANOS && changes.await(DRAWN_NANOS)) {
            now = clock.nanoTime();
        }
        return clock.nanoTime();
    }

    /** Whether a grab without a change is due: a new viewer, a picture settling, or the once-a-second refresh. */
    private boolean due(long now) {
        return now < busyUntil || (now >= settleFrom && now < settleUntil) || now - lastGrab >= REFRESH_NANOS;
    }

    /** A change seen now: settling waits until the screen is still for longer than its changes were apart. */
    private void changedAt(long now) {
        long gap = now - lastChange;
        long still = gap > SETTLE_NANOS ? 3 * periodNanos
                : Math.min(SETTLE_NANOS, Math.max(3 * periodNanos, gap + gap / 2));
        lastChange = now;
        settleFrom = now + still;
        settleUntil = settleFrom + SETTLE_NANOS;
    }

    private void takeWake(long now) {
        if (wakeRequested) {
            wakeRequested = false;
            busyUntil = Math.max(busyUntil, now + WAKE_NANOS);
        }
    }
}
