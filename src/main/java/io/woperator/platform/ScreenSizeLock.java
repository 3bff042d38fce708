package io.woperator.platform;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One lock per X display, held while its screen changes size and while its screen is grabbed: a grab then never
 * meets a screen smaller than the one it was set up for (x11grab fails on that, and says so in ERROR lines), since
 * the capture sees the size change before its next grab.
 */
public final class ScreenSizeLock {
    private static final ConcurrentMap<String, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

    private ScreenSizeLock() {
    }

    /** The lock of {@code display} (":0"), the same one for every caller. */
    public static ReentrantLock of(String display) {
        return LOCKS.computeIfAbsent(display, d -> new ReentrantLock());
    }
}
