package io.woperator.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.woperator.config.Role;
import io.woperator.protocol.HubMessage;
import io.woperator.protocol.ServerMessage;
import io.woperator.rig.Wait;
import io.woperator.signaling.ViewerChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The hub's routes, without sockets: who reaches whom, and what each side hears. */
class HubTest {

    /** A socket that keeps what it was told. */
    private static final class Socket implements ViewerChannel {
        final List<String> sent = new CopyOnWriteArrayList<>();
        final List<String> closes = new CopyOnWriteArrayList<>();
        int pings;

        @Override
        public void send(String text) {
            sent.add(text);
        }

        @Override
        public void ping() {
            pings++;
        }

        @Override
        public void close(int code, String reason) {
            closes.add(code + " " + reason);
        }

        @Override
        public String remote() {
            return "test";
        }

        String last() {
            return sent.get(sent.size() - 1);
        }
    }

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final Hub hub = new Hub(timer);

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    /** The page's latest message once it satisfies {@code wanted} (directory news comes at most every 200 ms). */
    private static String awaitLast(Socket page, Predicate<String> wanted) throws InterruptedException {
        Wait.until(Duration.ofSeconds(2), () -> wanted.test(page.last()));
        return page.last();
    }

    private Hub.Sender register(String name, Socket socket) {
        return hub.register(socket, new HubMessage.Register(name, List.of(new ServerMessage.StreamEntry("desktop",
                "Desktop"))));
    }

    @Test
    void aViewersTextGoesToItsSenderAndTheSendersToItsOwnViewersOnly() {
        Socket lab1 = new Socket();
        Socket lab2 = new Socket();
        Hub.Sender one = register("lab-1", lab1);
        Hub.Sender two = register("lab-2", lab2);
        Socket page1 = new Socket();
        Socket page2 = new Socket();
        Hub.Viewer viewer1 = hub.join("h1", "lab-1", "desktop", Role.CONTROL, page1);
        Hub.Viewer viewer2 = hub.join("h2", "lab-2", null, Role.VIEW, page2);
        assertEquals("{\"type\":\"viewerJoined\",\"viewer\":\"h1\",\"stream\":\"desktop\",\"role\":\"control\","
                + "\"remote\":\"test\"}", lab1.last());

        hub.fromViewer(viewer1, "{\"type\":\"hello\"}");
        assertEquals("{\"type\":\"fromViewer\",\"viewer\":\"h1\",\"text\":\"{\\\"type\\\":\\\"hello\\\"}\"}",
                lab1.last());
        hub.fromSender(one, new HubMessage.ToViewer("h1", "{\"type\":\"offer\",\"sdp\":\"v=0\"}"));
        assertEquals("{\"type\":\"offer\",\"sdp\":\"v=0\"}", page1.last(), "to its own viewer, as it was");

        int before = page2.sent.size();
        hub.fromSender(one, new HubMessage.ToViewer("h2", "{\"type\":\"bye\"}"));
        hub.fromSender(one, new HubMessage.CloseViewer("h2", 1000, "gone"));
        assertEquals(before, page2.sent.size(), "lab-1 cannot reach lab-2's viewer");
        assertTrue(page2.closes.isEmpty());

        hub.fromSender(two, new HubMessage.CloseViewer("h2", 4999, "x".repeat(500)));
        assertEquals(1, page2.closes.size());
        assertTrue(page2.closes.get(0).startsWith("1000 "), "a code of the sender's choosing becomes 1000");
        hub.fromSender(two, new HubMessage.PingViewer("h2"));
        assertEquals(1, page2.pings);
        hub.pong(viewer2);
        assertEquals("{\"type\":\"viewerPong\",\"viewer\":\"h2\"}", lab2.last());
        hub.left(viewer2);
        assertEquals("{\"type\":\"viewerLeft\",\"viewer\":\"h2\"}", lab2.last());
        assertEquals(1, hub.viewerCount());
    }

    @Test
    void aNameIsOneConnectionsAndAViewerOfAnAbsentSenderIsTurnedAway() {
        Socket first = new Socket();
        assertNotNull(register("lab-1", first));
        assertNull(register("lab-1", new Socket()), "the name is taken");
        assertNull(hub.join("h1", "lab-9", null, Role.CONTROL, new Socket()), "no such sender");
    }

    @Test
    void aSenderThatGoesTellsItsViewersAndFreesItsName() {
        Socket lab1 = new Socket();
        Hub.Sender sender = register("lab-1", lab1);
        Socket page = new Socket();
        hub.join("h1", "lab-1", null, Role.CONTROL, page);
        hub.senderGone(sender);
        assertTrue(page.last().contains("\"code\":\"sender-unavailable\""), page.last());
        assertEquals(List.of("1013 the desktop went away"), page.closes);
        assertEquals(0, hub.viewerCount());
        assertNotNull(register("lab-1", new Socket()), "the name is free again");
    }

    @Test
    void pagesThatWatchTheDirectoryHearOfEveryChange() throws InterruptedException {
        Socket page = new Socket();
        hub.watch(page);
        assertEquals("{\"type\":\"senders\",\"senders\":[]}", page.last());
        Hub.Sender sender = register("lab-1", new Socket());
        assertEquals("{\"type\":\"senders\",\"senders\":[{\"name\":\"lab-1\",\"streams\":[{\"id\":\"desktop\","
                + "\"description\":\"Desktop\"}],\"viewers\":0}]}", awaitLast(page, t -> t.contains("lab-1")));
        hub.join("h1", "lab-1", null, Role.CONTROL, new Socket());
        String joined = awaitLast(page, t -> t.contains("\"viewers\":1"));
        assertTrue(joined.contains("\"viewers\":1"), joined);
        hub.fromSender(sender, new HubMessage.Streams(List.of(new ServerMessage.StreamEntry("cam1", "Door"))));
        String streams = awaitLast(page, t -> t.contains("cam1"));
        assertTrue(streams.contains("{\"id\":\"cam1\",\"description\":\"Door\"}"), "a stream made later: "
                + streams);
        hub.senderGone(sender);
        assertEquals("{\"type\":\"senders\",\"senders\":[]}", awaitLast(page, t -> !t.contains("lab-1")));
        hub.unwatch(page);
        int seen = page.sent.size();
        register("lab-2", new Socket());
        TimeUnit.MILLISECONDS.sleep(400); // longer than a throttled announcement waits
        assertEquals(seen, page.sent.size(), "a page that left hears nothing");
    }

    @Test
    void aBurstOfViewersCostsAWatchingPageAMessageOrTwo() throws InterruptedException {
        register("lab-1", new Socket());
        TimeUnit.MILLISECONDS.sleep(250); // the registration's news is out
        Socket page = new Socket();
        hub.watch(page);
        for (int i = 0; i < 50; i++) {
            hub.join("h" + i, "lab-1", null, Role.VIEW, new Socket());
        }
        String last = awaitLast(page, t -> t.contains("\"viewers\":50"));
        assertTrue(last.contains("\"viewers\":50"), last);
        assertTrue(page.sent.size() <= 3, "50 arrivals, " + page.sent.size() + " messages");
    }
}
