package io.woperator.hub;

import io.woperator.config.Role;
import io.woperator.platform.LogBudget;
import io.woperator.platform.Throttle;
import io.woperator.protocol.ErrorCode;
import io.woperator.protocol.HubMessage;
import io.woperator.protocol.JsonCodec;
import io.woperator.protocol.ServerMessage;
import io.woperator.protocol.Texts;
import io.woperator.signaling.ViewerChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's directory and routes: the senders registered now (one connection per name), the viewers relayed to
 * each, and the pages that watch the directory. It routes text only: a viewer's messages go to its sender as they
 * came, a sender's go to its own viewers only.
 */
final class Hub {

    private static final Logger LOG = LoggerFactory.getLogger(Hub.class);
    private static final Duration DIRECTORY_NEWS_INTERVAL = Duration.ofMillis(200);

    /** A registered sender: its name, its streams, and the socket it is on. */
    static final class Sender {
        private final String name;
        private volatile List<ServerMessage.StreamEntry> streams;
        private final ViewerChannel socket;

        Sender(String name, List<ServerMessage.StreamEntry> streams, ViewerChannel socket) {
            this.name = name;
            this.streams = streams;
            this.socket = socket;
        }

        String name() {
            return name;
        }
    }

    /** A viewer relayed to a sender, on the hub's id for it. */
    record Viewer(String id, Sender sender, ViewerChannel socket) {
    }

    private final JsonCodec<HubMessage> hubCodec = new JsonCodec<>(HubMessage.class);
    private final JsonCodec<ServerMessage> pageCodec = new JsonCodec<>(ServerMessage.class);
    private final AtomicLong nextViewer = new AtomicLong(1);
    private final LogBudget strays = new LogBudget(LOG, "senders' messages for viewers that are not theirs", 10);
    /** Guarded by this. */
    private final Map<String, Sender> senders = new LinkedHashMap<>();
    /** Guarded by this. */
    private final Map<String, Viewer> viewers = new HashMap<>();
    /** Pages that show the directory. Guarded by this. */
    private final Set<ViewerChannel> watchers = new LinkedHashSet<>();
    private final AtomicLong relayedBytes = new AtomicLong();
    /** Directory news: a burst of viewers coming and going costs each page a message or two, not one each. */
    private final Throttle directoryNews;

    /** @param timer where a throttled announcement waits for its turn */
    Hub(ScheduledExecutorService timer) {
        this.directoryNews = new Throttle(timer, DIRECTORY_NEWS_INTERVAL, this::announceNow);
    }

    String nextViewerId() {
        return "h" + nextViewer.getAndIncrement();
    }

    /** Registers a sender under its name, unless another connection holds that name; then null. */
    Sender register(ViewerChannel socket, HubMessage.Register register) {
        Sender sender;
        synchronized (this) {
            Sender holder = senders.get(register.name());
            if (holder != null) {
                return null;
            }
            sender = new Sender(register.name(), register.streams(), socket);
            senders.put(sender.name(), sender);
        }
        LOG.info("Sender {} registered ({}) from {} with {} stream(s)", sender.name(), senders().size(),
                socket.remote(), register.streams().size());
        announce();
        return sender;
    }

    /** A sender's connection is gone: its viewers are told the desktop went away (they try again by themselves). */
    void senderGone(Sender sender) {
        List<Viewer> orphans = new ArrayList<>();
        synchronized (this) {
            if (senders.get(sender.name()) != sender) {
                return;
            }
            senders.remove(sender.name());
            viewers.values().removeIf(viewer -> viewer.sender() == sender && orphans.add(viewer));
        }
        LOG.info("Sender {} went away; {} of its viewers wait for it to come back", sender.name(), orphans.size());
        for (Viewer viewer : orphans) {
            viewer.socket().send(pageCodec.encode(new ServerMessage.Error(ErrorCode.SENDER_UNAVAILABLE,
                    "the desktop '" + sender.name() + "' went away from the hub; trying again")));
            viewer.socket().close(1013, "the desktop went away");
        }
        announce();
    }

    /** What a registered sender says: its streams now, or something for one of its own viewers. */
    void fromSender(Sender sender, HubMessage.FromSender message) {
        message.handledBy(new HubMessage.FromSender.Handler() {
            @Override
            public void register(HubMessage.Register register) {
                // registered already
            }

            @Override
            public void streams(HubMessage.Streams now) {
                sender.streams = now.streams();
                announce();
            }

            @Override
            public void toViewer(HubMessage.ToViewer to) {
                Viewer viewer = ownViewer(sender, to.viewer());
                if (viewer != null) {
                    relayedBytes.addAndGet(to.text().length());
                    viewer.socket().send(to.text());
                }
            }

            @Override
            public void closeViewer(HubMessage.CloseViewer close) {
                Viewer viewer = ownViewer(sender, close.viewer());
                if (viewer != null) {
                    // only the codes a server ends a viewer with; another is not the sender's to choose
                    int code = Set.of(1000, 1001, 1008, 1011, 1012, 1013).contains(close.code()) ? close.code() : 1000;
                    viewer.socket().close(code, close.reason() == null ? "" : Texts.clip(close.reason(), 100));
                }
            }

            @Override
            public void pingViewer(HubMessage.PingViewer ping) {
                Viewer viewer = ownViewer(sender, ping.viewer());
                if (viewer != null) {
                    viewer.socket().ping();
                }
            }
        });
    }

    /** The sender's own viewer of this id, or null: one that has just left, or another sender's. */
    private Viewer ownViewer(Sender sender, String viewerId) {
        Viewer viewer;
        synchronized (this) {
            viewer = viewers.get(viewerId);
        }
        if (viewer == null || viewer.sender() != sender) {
            strays.note(() -> LOG.info("Sender {} addressed viewer {}, which it does not have", sender.name(),
                    viewerId));
            return null;
        }
        return viewer;
    }

    /**
     * A viewer asks for a sender's stream; null when no sender has that name now. The sender hears of it with the
     * role the hub's credentials gave.
     */
    Viewer join(String id, String senderName, String stream, Role role, ViewerChannel socket) {
        Viewer viewer;
        synchronized (this) {
            Sender sender = senders.get(senderName);
            if (sender == null) {
                return null;
            }
            viewer = new Viewer(id, sender, socket);
            viewers.put(id, viewer);
        }
        viewer.sender().socket.send(hubCodec.encode(new HubMessage.ViewerJoined(id, stream, role.wireName(),
                socket.remote())));
        announce();
        return viewer;
    }

    void fromViewer(Viewer viewer, String text) {
        relayedBytes.addAndGet(text.length());
        viewer.sender().socket.send(hubCodec.encode(new HubMessage.FromViewer(viewer.id(), text)));
    }

    void pong(Viewer viewer) {
        viewer.sender().socket.send(hubCodec.encode(new HubMessage.ViewerPong(viewer.id())));
    }

    /** A viewer's socket closed: its sender, if it is still here, lets its session go. */
    void left(Viewer viewer) {
        boolean known;
        synchronized (this) {
            known = viewers.remove(viewer.id(), viewer);
        }
        if (known) {
            viewer.sender().socket.send(hubCodec.encode(new HubMessage.ViewerLeft(viewer.id())));
            announce();
        }
    }

    /** A page that shows the directory: it is told now, and at every change. */
    void watch(ViewerChannel page) {
        synchronized (this) {
            watchers.add(page);
        }
        page.send(pageCodec.encode(directory()));
    }

    synchronized void unwatch(ViewerChannel page) {
        watchers.remove(page);
    }

    synchronized ServerMessage.Senders directory() {
        Map<Sender, Integer> counts = new HashMap<>();
        viewers.values().forEach(viewer -> counts.merge(viewer.sender(), 1, Integer::sum));
        return new ServerMessage.Senders(senders.values().stream().map(sender -> new ServerMessage.SenderEntry(
                sender.name(), sender.streams, counts.getOrDefault(sender, 0))).toList());
    }

    synchronized List<String> senders() {
        return List.copyOf(senders.keySet());
    }

    synchronized int viewerCount() {
        return viewers.size();
    }

    /** Characters of signaling relayed between viewers and senders since start: what the hub carries. */
    long relayedBytes() {
        return relayedBytes.get();
    }

    private void announce() {
        directoryNews.request();
    }

    private void announceNow() {
        List<ViewerChannel> pages;
        String text;
        synchronized (this) {
            pages = List.copyOf(watchers);
            text = pageCodec.encode(directory());
        }
        pages.forEach(page -> page.send(text));
    }
}
