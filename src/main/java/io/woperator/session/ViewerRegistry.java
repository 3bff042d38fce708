package io.woperator.session;

import io.woperator.desktop.CursorImage;
import io.woperator.media.MediaPipeline;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who is connected. Capture runs while at least one viewer is: it starts with the first and stops when the last
 * one leaves, so an idle server costs nothing.
 */
public final class ViewerRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(ViewerRegistry.class);

    private final List<MediaPipeline> pipelines;
    private final Map<String, Viewer> viewers = new LinkedHashMap<>();
    private final Object lifecycle = new Object();
    /** The last word on the desktop's sound, told to viewers as they join; null until there is one. */
    private Boolean audioAvailable;
    private String audioReason;
    private CursorImage cursor;
    private String clipboard;

    public ViewerRegistry(List<MediaPipeline> pipelines) {
        this.pipelines = List.copyOf(pipelines);
    }

    public void join(Viewer viewer) {
        Boolean available;
        String reason;
        synchronized (this) {
            viewers.put(viewer.id(), viewer);
            LOG.info("Viewer {} joined ({} connected)", viewer.id(), viewers.size());
            available = audioAvailable;
            reason = audioReason;
        }
        if (available != null) {
            viewer.audioStatus(available, reason);
        }
        updateCapture();
    }

    /** Tells every viewer, now and as they join, whether the desktop's sound reaches them. */
    public void audioStatus(boolean available, String reason) {
        synchronized (this) {
            audioAvailable = available;
            audioReason = reason;
        }
        broadcast(viewer -> viewer.audioStatus(available, reason));
    }

    public void leave(Viewer viewer) {
        synchronized (this) {
            if (viewers.remove(viewer.id()) == null) {
                return;
            }
            LOG.info("Viewer {} left ({} connected)", viewer.id(), viewers.size());
        }
        updateCapture();
    }

    /**
     * Starts capture while anyone is connected and stops it when no one is. Under a lock of its own: stopping
     * waits for the capture threads, which may be calling {@link #audioStatus} on this object meanwhile.
     */
    private void updateCapture() {
        synchronized (lifecycle) {
            if (count() > 0) {
                pipelines.forEach(MediaPipeline::start);
            } else {
                pipelines.forEach(MediaPipeline::stop);
            }
        }
    }

    /** Shows every viewer the desktop's new pointer image. */
    public void cursor(CursorImage image) {
        synchronized (this) {
            cursor = image;
        }
        broadcast(viewer -> viewer.cursor(image));
    }

    /** Offers every viewer, now and as they join, the text last copied on the desktop. */
    public void clipboard(String text) {
        synchronized (this) {
            clipboard = text;
        }
        broadcast(viewer -> viewer.clipboard(text));
    }

    public void clipboardTooLarge(long bytes) {
        broadcast(viewer -> viewer.clipboardTooLarge(bytes));
    }

    /** Tells everyone connected now, outside the lock: viewers hand the message to their own executors. */
    private void broadcast(Consumer<Viewer> message) {
        List<Viewer> everyone;
        synchronized (this) {
            everyone = List.copyOf(viewers.values());
        }
        everyone.forEach(message);
    }

    /** The text last copied on the desktop, or null. */
    public synchronized String currentClipboard() {
        return clipboard;
    }

    /** The pointer image as last seen, for viewers whose data channel just opened; null before there is one. */
    public synchronized CursorImage currentCursor() {
        return cursor;
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
