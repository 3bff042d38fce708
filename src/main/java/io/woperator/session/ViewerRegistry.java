package io.woperator.session;

import io.woperator.config.Role;
import io.woperator.media.MediaPipeline;
import io.woperator.platform.Throttle;
import io.woperator.protocol.DesktopMessage;
import io.woperator.protocol.ServerMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who watches a stream, up to a limit, and which of them drives its desktop ({@link ControlSeat}). Capture runs
 * while at least one viewer is connected: it starts with the first and stops when the last one leaves, so an idle
 * stream costs nothing. Who is in control, and how many watch, is told to everyone as it changes, at most every
 * {@link #CONTROL_NEWS_INTERVAL}, so that a crowd arriving at once costs each viewer a few messages and not one
 * per arrival (which would grow with the square of the viewers); news from the stream (its sound
 * coming and going, the pointer's image, copied text) is broadcast as it is, and what is kept of it is told to
 * each viewer that joins later.
 */
public final class ViewerRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(ViewerRegistry.class);
    static final Duration CONTROL_NEWS_INTERVAL = Duration.ofMillis(200);

    /** What became of a viewer that asked to join. */
    public enum Join { JOINED, FULL, CLOSED }

    private final List<MediaPipeline> pipelines;
    private final int maxViewers;
    /** Whether viewers may join: not while the stream is stopped. */
    private boolean accepting = true;
    /** Whether capture runs without viewers too. */
    private boolean captureKept;
    private final Map<String, Viewer> viewers = new LinkedHashMap<>();
    private final ControlSeat seat = new ControlSeat();
    /** The seat's holder, readable without the lock by input arriving on libwebrtc's threads. */
    private volatile String controller;
    private final Object lifecycle = new Object();
    private final Object announcing = new Object();
    private final Throttle controlNews;
    /** The latest message of each kind kept for viewers that join later, and for data channels that open later. */
    private final Map<Class<?>, ServerMessage> kept = new LinkedHashMap<>();
    private final Map<Class<?>, DesktopMessage> keptForDataChannel = new LinkedHashMap<>();

    /**
     * @param maxViewers viewers connected at once, 0 for no limit
     * @param timer      sends the news of control that changed again within {@link #CONTROL_NEWS_INTERVAL}
     */
    public ViewerRegistry(List<MediaPipeline> pipelines, int maxViewers, ScheduledExecutorService timer) {
        this.pipelines = List.copyOf(pipelines);
        this.maxViewers = maxViewers;
        this.controlNews = new Throttle(timer, CONTROL_NEWS_INTERVAL, this::announceControlNow);
    }

    /**
     * Lets viewers join from now on, or turns them away. Opening starts capture if a recording keeps it; closing
     * leaves it to {@link #closeAll}, which callers run outside their own locks (stopping waits for capture).
     */
    public void accept(boolean open) {
        synchronized (this) {
            accepting = open;
        }
        if (open) {
            updateCapture();
        }
    }

    /** Keeps capture running with no viewer too (a recording), while the stream lets viewers in. */
    public void keepCapturing(boolean keep) {
        synchronized (this) {
            captureKept = keep;
        }
        updateCapture();
    }

    /** Lets a viewer in, unless the limit is reached or no one may join: then nothing changes. */
    public Join join(Viewer viewer) {
        synchronized (this) {
            if (!accepting) {
                return Join.CLOSED;
            }
            if (maxViewers > 0 && viewers.size() >= maxViewers) {
                LOG.warn("Viewer {} turned away: {} viewers are connected, the most allowed (--max-viewers)",
                        viewer.id(), viewers.size());
                return Join.FULL;
            }
            viewers.put(viewer.id(), viewer);
            seat.joined(viewer.id(), viewer.role());
            controller = seat.holder();
            LOG.info("Viewer {} joined as {} ({} connected; {})", viewer.id(), viewer.role().wireName(), viewers.size(),
                    describeControl());
            // under the lock, so that a newer message of a kind cannot overtake the kept one (sending only queues)
            kept.values().forEach(viewer::send);
            // the newcomer learns at once; the others within the news interval
            viewer.control(seat.holder(), viewers.size());
        }
        announceControl();
        updateCapture();
        pipelines.forEach(MediaPipeline::refresh);
        return Join.JOINED;
    }

    /** Whether this viewer drives the desktop now; its input is ignored otherwise. */
    public boolean inControl(String viewerId) {
        return viewerId.equals(controller);
    }

    /** The viewer asks for control: granted at once when the seat is free (or it is an admin's), else asked. */
    public ControlSeat.Request requestControl(Viewer viewer) {
        ControlSeat.Request outcome;
        List<Viewer> deciders = new ArrayList<>();
        synchronized (this) {
            if (!viewers.containsKey(viewer.id())) {
                return ControlSeat.Request.VIEW_ONLY;
            }
            outcome = seat.request(viewer.id(), viewer.role());
            controller = seat.holder();
            if (outcome == ControlSeat.Request.ASKED) {
                for (Viewer other : viewers.values()) {
                    if (other != viewer && (other.id().equals(controller) || other.role() == Role.ADMIN)) {
                        deciders.add(other);
                    }
                }
            }
        }
        if (outcome == ControlSeat.Request.GRANTED) {
            LOG.info("Viewer {} took control", viewer.id());
            announceControl();
        } else if (outcome == ControlSeat.Request.ASKED) {
            LOG.info("Viewer {} asks {} for control", viewer.id(), controller);
            deciders.forEach(decider -> decider.send(new ServerMessage.ControlRequest(viewer.id())));
        }
        return outcome;
    }

    /** Hands control to another viewer; only the viewer in control, or an admin, may. */
    public ControlSeat.Grant grantControl(Viewer giver, String toId) {
        ControlSeat.Grant outcome;
        synchronized (this) {
            Viewer to = viewers.get(toId);
            if (to == null || !viewers.containsKey(giver.id())) {
                return ControlSeat.Grant.NO_SUCH_VIEWER;
            }
            outcome = seat.grant(giver.id(), giver.role(), toId, to.role());
            controller = seat.holder();
        }
        if (outcome == ControlSeat.Grant.GRANTED) {
            LOG.info("Viewer {} handed control to {}", giver.id(), toId);
            announceControl();
        }
        return outcome;
    }

    /** The viewer in control lets go; the seat is free for whoever asks next. */
    public void releaseControl(Viewer viewer) {
        boolean changed;
        synchronized (this) {
            changed = seat.release(viewer.id());
            controller = seat.holder();
        }
        if (changed) {
            LOG.info("Viewer {} let go of control", viewer.id());
            announceControl();
        }
    }

    private void announceControl() {
        controlNews.request();
    }

    /**
     * Tells everyone who is in control now. Reading and telling happen under one lock of their own, so that two
     * changes at once cannot reach a viewer in the wrong order (telling only queues the message on each viewer).
     */
    private void announceControlNow() {
        synchronized (announcing) {
            String holder;
            int count;
            synchronized (this) {
                holder = seat.holder();
                count = viewers.size();
            }
            broadcast(viewer -> viewer.control(holder, count));
        }
    }

    private String describeControl() {
        return controller == null ? "no one in control" : controller + " in control";
    }


    public void leave(Viewer viewer) {
        synchronized (this) {
            if (viewers.remove(viewer.id()) == null) {
                return;
            }
            seat.left(viewer.id(), viewers.values().stream().filter(v -> v.role().mayControl()).map(Viewer::id)
                    .toList());
            controller = seat.holder();
            LOG.info("Viewer {} left ({} connected; {})", viewer.id(), viewers.size(), describeControl());
        }
        announceControl();
        updateCapture();
    }

    /**
     * Starts capture while anyone is connected and stops it when no one is. Under a lock of its own: stopping
     * waits for the capture threads, which may be calling {@link #broadcastAndKeep} on this object meanwhile.
     */
    private void updateCapture() {
        synchronized (lifecycle) {
            if (capturing()) {
                pipelines.forEach(MediaPipeline::start);
            } else {
                pipelines.forEach(MediaPipeline::stop);
            }
        }
    }

    /** Tells everyone connected now. */
    public void broadcast(ServerMessage message) {
        broadcast(viewer -> viewer.send(message));
    }

    /** Tells everyone connected now, and each viewer that joins later, until a newer message of its kind. */
    public synchronized void broadcastAndKeep(ServerMessage message) {
        kept.put(message.getClass(), message);
        viewers.values().forEach(viewer -> viewer.send(message));
    }

    /** Tells everyone's data channel now. */
    public void broadcastOnDataChannel(DesktopMessage message) {
        broadcast(viewer -> viewer.sendOnDataChannel(message));
    }

    /** Tells everyone's data channel now, and each that opens later, until a newer message of its kind. */
    public synchronized void broadcastOnDataChannelAndKeep(DesktopMessage message) {
        keptForDataChannel.put(message.getClass(), message);
        viewers.values().forEach(viewer -> viewer.sendOnDataChannel(message));
    }

    /** What a data channel that has just opened is told first: the latest of each kind kept. */
    public synchronized List<DesktopMessage> keptForDataChannel() {
        return List.copyOf(keptForDataChannel.values());
    }

    /** Tells everyone connected now, outside the lock: viewers hand the message to their own executors. */
    private void broadcast(Consumer<Viewer> message) {
        List<Viewer> everyone;
        synchronized (this) {
            everyone = List.copyOf(viewers.values());
        }
        everyone.forEach(message);
    }

    private synchronized boolean capturing() {
        return accepting && (!viewers.isEmpty() || captureKept);
    }

    public synchronized int count() {
        return viewers.size();
    }

    /** Says goodbye to every viewer and waits (up to the timeout) until their connections are closed. */
    public void closeAll(String reason, long timeout, TimeUnit unit) {
        List<Viewer> everyone;
        synchronized (this) {
            everyone = List.copyOf(viewers.values());
        }
        // outside the lock: a viewer may leave while it says goodbye (a WHEP player's does)
        List<CompletableFuture<Void>> gone = new ArrayList<>();
        for (Viewer viewer : everyone) {
            gone.add(viewer.goodbye(reason).toCompletableFuture());
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
        updateCapture(); // a recording kept it running: not on a stream that lets no one in
    }
}
