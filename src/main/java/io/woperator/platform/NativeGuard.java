package io.woperator.platform;

import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Keeps native objects from being freed under a call that uses them. Each use is bracketed by {@link #enter} and
 * {@link #leave}; {@link #close} waits for the uses under way, then frees; a use that comes once closing began is
 * not made. A use made on a freed data channel or peer reaches freed memory and ends the whole server (a picture
 * sent as its viewer left did).
 *
 * <p>Entering never waits: a libwebrtc thread that calls in must not be held up by closing, which may itself wait
 * for that thread (libwebrtc runs a peer's methods on its own threads).
 */
public final class NativeGuard {
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private volatile boolean closing;

    /** True when the use may go ahead, and must then {@link #leave}; false once closing has begun. */
    public boolean enter() {
        if (closing || !lock.readLock().tryLock()) {
            return false;
        }
        if (closing) {
            lock.readLock().unlock();
            return false;
        }
        return true;
    }

    public void leave() {
        lock.readLock().unlock();
    }

    /** Runs {@code free} once the uses under way have left; false, and nothing run, when closing had begun before. */
    public synchronized boolean close(Runnable free) {
        if (closing) {
            return false;
        }
        closing = true;
        lock.writeLock().lock();
        try {
            free.run();
        } finally {
            lock.writeLock().unlock();
        }
        return true;
    }

    public boolean closing() {
        return closing;
    }
}
