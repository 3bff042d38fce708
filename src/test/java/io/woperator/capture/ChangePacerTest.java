package io.woperator.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** When {@link ChangePacer} grabs, on virtual time: a screen whose changes the test decides. */
class ChangePacerTest {

    private static final long MS = 1_000_000L;
    private static final long SECOND = 1000 * MS;

    /** Virtual time, and a screen that changes at the moments given. */
    private static final class Screen implements ChangePacer.Clock, ChangePacer.Changes {
        long now = 10 * SECOND;
        final TreeSet<Long> changes = new TreeSet<>();

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void park(long nanos) {
            now += nanos;
        }

        @Override
        public boolean await(long timeoutNanos) {
            Long next = changes.ceiling(Long.MIN_VALUE);
            if (next != null && next <= now + timeoutNanos) {
                now = Math.max(now, next);
                changes.headSet(now, true).clear(); // every change so far is reported at once
                return true;
            }
            now += timeoutNanos;
            return false;
        }

        void changeEvery(long from, long to, long interval) {
            for (long t = from; t < to; t += interval) {
                changes.add(t);
            }
        }

        /** Grabs until {@code until}, each grab taking {@code grabNanos}; returns when each grab began. */
        List<Long> run(ChangePacer pacer, long until, long grabNanos) throws CaptureException {
            List<Long> grabs = new ArrayList<>();
            while (now < until) {
                assertTrue(pacer.awaitNextFrame());
                grabs.add(now);
                now += grabNanos;
            }
            return grabs;
        }
    }

    /** Whether a grab came once the drawing that began at {@code change} was still for a moment. */
    private static boolean grabbedWhenDrawn(List<Long> grabs, long change) {
        return grabs.contains(change + ChangePacer.DRAWN_NANOS);
    }

    private static long between(List<Long> grabs, long from, long to) {
        return grabs.stream().filter(t -> t >= from && t < to).count();
    }

    @Test
    void aStillScreenIsGrabbedOnceASecondAfterTheFirstSeconds() throws CaptureException {
        Screen screen = new Screen();
        long start = screen.now;
        ChangePacer pacer = new ChangePacer(30, screen, screen);
        List<Long> grabs = screen.run(pacer, start + 12 * SECOND, MS);
        // the full rate while the first viewer's connection comes up, then refreshes only
        assertTrue(between(grabs, start, start + ChangePacer.WAKE_NANOS) >= 59, "grabs: " + grabs.size());
        assertEquals(10, between(grabs, start + 2 * SECOND + 500 * MS, start + 12 * SECOND + 500 * MS));
        assertEquals(0, pacer.framesLate());
    }

    @Test
    void aChangeIsGrabbedTheMomentItHappens() throws CaptureException {
        Screen screen = new Screen();
        long start = screen.now;
        long change = start + 5 * SECOND + 321 * MS;
        screen.changes.add(change);
        ChangePacer pacer = new ChangePacer(30, screen, screen);
        List<Long> grabs = screen.run(pacer, start + 8 * SECOND, MS);
        assertTrue(grabbedWhenDrawn(grabs, change), "a grab at the change itself, once drawn");
        // still for three intervals, then the full rate while the picture settles, then quiet again
        long settled = change + 3 * (SECOND / 30) + ChangePacer.SETTLE_NANOS;
        assertEquals(0, between(grabs, change + 2 * MS, change + 3 * (SECOND / 30)));
        assertTrue(between(grabs, change, settled) >= 15, "grabs: " + between(grabs, change, settled));
        assertTrue(between(grabs, settled + 40 * MS, start + 7 * SECOND) <= 2);
    }

    @Test
    void aPaintOfSeveralDrawingsIsGrabbedOnceTheyAreAllDone() throws CaptureException {
        Screen screen = new Screen();
        long start = screen.now;
        long paint = start + 5321 * MS;
        // a page, then its text half a millisecond later: grabbing after the first would hold the text back an
        // interval
        screen.changes.addAll(List.of(paint, paint + MS / 2));
        // and a drawing that goes on and on is grabbed anyway, a few milliseconds after it began
        long endless = start + 7500 * MS;
        screen.changeEvery(endless, endless + 50 * MS, MS / 2);
        ChangePacer pacer = new ChangePacer(60, screen, screen);
        List<Long> grabs = screen.run(pacer, start + 8 * SECOND, MS);
        assertEquals(List.of(paint + MS / 2 + ChangePacer.DRAWN_NANOS),
                grabs.stream().filter(t -> t >= paint && t < paint + 10 * MS).toList());
        long first = grabs.stream().filter(t -> t >= endless).findFirst().orElseThrow();
        assertTrue(first - endless <= ChangePacer.DRAWING_MAX_NANOS + ChangePacer.DRAWN_NANOS,
                "grabbed " + (first - endless) / 1000 + " µs after a drawing began");
    }

    @Test
    void contentChangingAtItsOwnPaceIsGrabbedTheMomentEachChangeHappens() throws CaptureException {
        // a 29 Hz animation just slower than every second frame at 60 fps, then typing at seven keys a second: a
        // grab without a change in between would hold the next change back (the second change may be: until then
        // the pace is not known)
        for (long interval : new long[] {34 * MS, 143 * MS}) {
            Screen screen = new Screen();
            long start = screen.now;
            screen.changeEvery(start + 3500 * MS, start + 6 * SECOND, interval);
            List<Long> changes = List.copyOf(screen.changes);
            ChangePacer pacer = new ChangePacer(60, screen, screen);
            List<Long> grabs = screen.run(pacer, start + 7 * SECOND, 3 * MS);
            for (long change : changes.subList(2, changes.size())) {
                assertTrue(grabbedWhenDrawn(grabs, change), "the change " + (change - start) / MS + " ms in was grabbed when "
                        + "it happened, every " + interval / MS + " ms; grabs: " + grabs.stream()
                        .filter(t -> t >= change - 20 * MS && t < change + 20 * MS).map(t -> (t - start) / MS).toList());
            }
            assertEquals(changes.size() - 2, between(grabs, changes.get(2), changes.get(changes.size() - 1) + 2 * MS),
                    "no grab but the changes while they go on");
            // once they stop, the picture settles at the full rate
            long last = changes.get(changes.size() - 1);
            assertTrue(between(grabs, last, last + SECOND) >= 25, "settling: " + between(grabs, last, last + SECOND));
            assertEquals(0, pacer.framesLate());
        }
    }

    @Test
    void aMovingScreenIsGrabbedAtTheFrameRateAndNoFaster() throws CaptureException {
        Screen screen = new Screen();
        long start = screen.now;
        screen.changeEvery(start + 5 * SECOND, start + 8 * SECOND, 2 * MS); // 500 changes a second
        ChangePacer pacer = new ChangePacer(60, screen, screen);
        List<Long> grabs = screen.run(pacer, start + 9 * SECOND, 3 * MS);
        long moving = between(grabs, start + 5 * SECOND, start + 8 * SECOND);
        assertTrue(moving >= 178 && moving <= 181, "60 fps for 3 s: " + moving);
        for (int i = 1; i < grabs.size(); i++) {
            assertTrue(grabs.get(i) - grabs.get(i - 1) >= SECOND / 60, "never faster than 60 fps");
        }
        assertEquals(0, pacer.framesLate());
    }

    @Test
    void aGrabSlowerThanTheRateCountsTheFramesItMissed() throws CaptureException {
        Screen screen = new Screen();
        long start = screen.now;
        screen.changeEvery(start, start + 10 * SECOND, 5 * MS);
        ChangePacer pacer = new ChangePacer(30, screen, screen);
        // each grab takes 2.5 frame intervals: two of every three frames are missed
        List<Long> grabs = screen.run(pacer, start + 3 * SECOND, 83 * MS);
        assertTrue(between(grabs, start, start + 3 * SECOND) <= 37);
        long late = pacer.framesLate();
        assertTrue(late >= 50 && late <= 60, "missed " + late + " of 90");
    }

    @Test
    void wakeAsksForTheFullRateAtOnce() throws CaptureException {
        Screen screen = new Screen();
        long start = screen.now;
        ChangePacer pacer = new ChangePacer(30, screen, screen);
        screen.run(pacer, start + 5 * SECOND + 10 * MS, MS);
        pacer.wake();
        long woken = screen.now;
        List<Long> grabs = screen.run(pacer, start + 9 * SECOND, MS);
        assertTrue(grabs.get(0) - woken <= 110 * MS, "seen within a wait slice: " + (grabs.get(0) - woken) / MS);
        assertTrue(between(grabs, woken, woken + ChangePacer.WAKE_NANOS) >= 58);
    }
}
