package io.woperator.media;

import io.woperator.capture.CaptureException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One named thread that runs a capture body between {@link #start()} and {@link #stop()}. When the body fails
 * (device gone, server restarted), it is run again after a growing pause; the listener hears of the first
 * failure and of the recovery, not of every retry.
 */
final class CaptureLoop {

    /** Opens a source and pumps it until {@code stop} is counted down, or throws when the source fails. */
    @FunctionalInterface
    interface Body {
        void run(CountDownLatch stop) throws CaptureException;
    }

    /** Hears when capture stops working and when it works again. */
    interface Listener {
        void failed(CaptureException cause);

        void recovered();
    }

    private static final Logger LOG = LoggerFactory.getLogger(CaptureLoop.class);

    private final String threadName;
    private final Body body;
    private final long firstPauseMs;
    private final long maxPauseMs;
    private final Listener listener;
    private Thread thread;
    private CountDownLatch stopSignal;
    /** Touched only by the capture thread. */
    private boolean failing;

    CaptureLoop(String threadName, Body body, long firstPauseMs, long maxPauseMs, Listener listener) {
        this.threadName = threadName;
        this.body = body;
        this.firstPauseMs = firstPauseMs;
        this.maxPauseMs = maxPauseMs;
        this.listener = listener;
    }

    synchronized void start() {
        if (thread != null) {
            return;
        }
        CountDownLatch signal = new CountDownLatch(1);
        stopSignal = signal;
        thread = new Thread(() -> loop(signal), threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops and waits for the thread to let go of its source. */
    synchronized void stop() {
        if (thread == null) {
            return;
        }
        stopSignal.countDown();
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("{} did not stop within 5 s", threadName);
        }
        thread = null;
    }

    synchronized boolean running() {
        return thread != null;
    }

    /** The body calls this from the capture thread once its source delivers: it ends a failure spell. */
    void delivering() {
        if (failing) {
            failing = false;
            listener.recovered();
        }
    }

    private void loop(CountDownLatch stop) {
        long pauseMs = firstPauseMs;
        while (stop.getCount() > 0) {
            try {
                body.run(stop);
                pauseMs = firstPauseMs;
            } catch (CaptureException e) {
                if (stop.getCount() == 0) {
                    break;
                }
                if (!failing) {
                    pauseMs = firstPauseMs;
                    failing = true;
                    listener.failed(e);
                } else {
                    pauseMs = Math.min(maxPauseMs, pauseMs * 2);
                }
                try {
                    if (stop.await(pauseMs, TimeUnit.MILLISECONDS)) {
                        break;
                    }
                } catch (InterruptedException interrupted) {
                    break;
                }
            } catch (RuntimeException e) {
                LOG.error("{} stopped by an unexpected error", threadName, e);
                break;
            }
        }
    }
}
