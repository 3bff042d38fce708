package io.woperator.session;

import io.woperator.media.VideoPipeline;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who is connected. Capture runs while at least one viewer is: it starts with the first and stops when the last
 * one leaves, so an idle server costs nothing.
 */
public final class ViewerRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(ViewerRegistry.class);

    private final VideoPipeline video;
    private final Map<String, Viewer> viewers = new LinkedHashMap<>();

    public ViewerRegistry(VideoPipeline video) {
        this.video = video;
    }

    public synchronized void join(Viewer viewer) {
        viewers.put(viewer.id(), viewer);
        LOG.info("Viewer {} joined ({} connected)", viewer.id(), viewers.size());
        if (viewers.size() == 1) {
            video.start();
        }
    }

    public synchronized void leave(Viewer viewer) {
        if (viewers.remove(viewer.id()) == null) {
            return;
        }
        LOG.info("Viewer {} left ({} connected)", viewer.id(), viewers.size());
        if (viewers.isEmpty()) {
            video.stop();
        }
    }

    public synchronized int count() {
        return viewers.size();
    }

    /** Says goodbye to every viewer and waits (up to the timeout) until their connections are closed. */
    public void closeAll(String reason, long timeout, TimeUnit unit) {
        List<CompletableFuture<Void>> gone = new ArrayList<>();
        synchronized (this) {
            for (Viewer viewer : viewers.values()) {
                gone.add(viewer.goodbye(reason).toCompletableFuture());
            }
        }
        try {
            CompletableFuture.allOf(gone.toArray(CompletableFuture[]::new)).get(timeout, unit);
        } catch (TimeoutException e) {
            LOG.warn("Some viewers were not closed within {} {}", timeout, unit);
        } catch (ExecutionException e) {
            LOG.warn("Closing a viewer failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
