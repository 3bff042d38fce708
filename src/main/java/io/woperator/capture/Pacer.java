package io.woperator.capture;

import java.util.concurrent.locks.LockSupport;

/** Waits for fixed frame deadlines; a source that fell behind skips ahead instead of bursting to catch up. */
final class Pacer {
    private final long periodNanos;
    private long nextDeadline;
    private long framesLate;

    Pacer(int fps) {
        this.periodNanos = 1_000_000_000L / fps;
        this.nextDeadline = System.nanoTime();
    }

    /** Frame deadlines missed since start (the source fell behind and skipped them). */
    long framesLate() {
        return framesLate;
    }

    /** Parks until the next deadline; returns false if the thread was interrupted. */
    boolean awaitNextFrame() {
        long now = System.nanoTime();
        if (now - nextDeadline > periodNanos) {
            framesLate += (now - nextDeadline) / periodNanos;
            nextDeadline = now;
        }
        while ((now = System.nanoTime()) < nextDeadline) {
            LockSupport.parkNanos(nextDeadline - now);
            if (Thread.currentThread().isInterrupted()) {
                return false;
            }
        }
        nextDeadline += periodNanos;
        return true;
    }
}
