package io.woperator.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.woperator.config.Role;
import io.woperator.protocol.DesktopMessage;
import io.woperator.protocol.ServerMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ViewerRegistryTest {

    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
    private final ViewerRegistry registry = new ViewerRegistry(List.of(), 0, timer);

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    @Test
    void aCrowdArrivingAtOnceCostsEachViewerAFewMessagesNotOnePerArrival() throws Exception {
        List<RecordingViewer> crowd = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            RecordingViewer viewer = new RecordingViewer("v" + i, i == 0 ? Role.CONTROL : Role.VIEW);
            crowd.add(viewer);
            assertEquals(ViewerRegistry.Join.JOINED, registry.join(viewer));
        }
        afterNewsStillDue();
        int sent = 0;
        for (RecordingViewer viewer : crowd) {
            List<String> told = viewer.told();
            assertEquals("v0 in control of 200", told.get(told.size() - 1), viewer.id() + " is up to date");
            sent += told.size();
        }
        // one message per arrival to everyone there would be 20,100
        System.out.printf("control news for 200 arrivals: %d messages%n", sent);
        assertTrue(sent <= 3 * crowd.size(), sent + " messages");
    }

    @Test
    void aNewcomerLearnsWhoIsInControlAtOnce() {
        registry.join(new RecordingViewer("ann", Role.CONTROL));
        RecordingViewer bob = new RecordingViewer("bob", Role.CONTROL);
        registry.join(bob);
        assertEquals(List.of("ann in control of 2"), bob.told());
    }

    @Test
    void theLastChangeOfABurstReachesEveryone() throws Exception {
        RecordingViewer ann = new RecordingViewer("ann", Role.CONTROL);
        RecordingViewer bob = new RecordingViewer("bob", Role.CONTROL);
        registry.join(ann);
        registry.join(bob);
        registry.releaseControl(ann);
        registry.requestControl(bob);
        registry.releaseControl(bob);
        registry.requestControl(ann);
        afterNewsStillDue();
        assertEquals("ann in control of 2", ann.told().get(ann.told().size() - 1));
        assertEquals("ann in control of 2", bob.told().get(bob.told().size() - 1));
    }

    /** News still due goes out on the timer within one interval: a task two intervals away runs after it. */
    private void afterNewsStillDue() throws Exception {
        timer.schedule(() -> { }, ViewerRegistry.CONTROL_NEWS_INTERVAL.toMillis() * 2, TimeUnit.MILLISECONDS).get();
    }

    private record RecordingViewer(String id, Role role, List<String> messages) implements Viewer {
        RecordingViewer(String id, Role role) {
            this(id, role, new ArrayList<>());
        }

        @Override
        public void control(String controllerId, int viewers) {
            synchronized (messages) {
                messages.add(controllerId + " in control of " + viewers);
            }
        }

        List<String> told() {
            synchronized (messages) {
                return List.copyOf(messages);
            }
        }

        @Override
        public void send(ServerMessage message) {
        }

        @Override
        public void sendOnDataChannel(DesktopMessage message) {
        }

        @Override
        public CompletionStage<Void> goodbye(String reason) {
            return CompletableFuture.completedFuture(null);
        }
    }
}
