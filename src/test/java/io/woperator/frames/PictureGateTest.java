package io.woperator.frames;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.woperator.frames.PictureGate.Verdict;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PictureGateTest {

    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final PictureGate gate = new PictureGate(1000, clock::get);

    @Test
    void nothingGoesOutBeforeAKeyframe() {
        assertEquals(Verdict.LEAVE_OUT, gate.pass(false, 0));
        assertEquals(Verdict.SEND, gate.pass(true, 0));
        assertEquals(Verdict.SEND, gate.pass(false, 0));
        gate.restart();
        assertEquals(Verdict.LEAVE_OUT, gate.pass(false, 0), "a viewer that starts again waits for a keyframe");
        assertEquals(Verdict.SEND, gate.pass(true, 0));
    }

    /** The keyframe a start makes can be missed (made just before the viewer joined): then one is asked for. */
    @Test
    void aStartWhoseKeyframeWasMissedAsksForOneAfterAnInterval() {
        gate.restart();
        assertEquals(Verdict.LEAVE_OUT, gate.pass(false, 0), "the start's own keyframe is on its way");
        clock.addAndGet(PictureGate.KEYFRAME_INTERVAL_NANOS);
        assertEquals(Verdict.LEAVE_OUT_AND_ASK_KEYFRAME, gate.pass(false, 0), "it was missed: ask");
        assertEquals(Verdict.LEAVE_OUT, gate.pass(false, 0), "once");
        assertEquals(Verdict.SEND, gate.pass(true, 0));
        gate.restart();
        assertEquals(Verdict.SEND, gate.pass(true, 0), "a start whose keyframe comes asks for nothing");
        clock.addAndGet(PictureGate.KEYFRAME_INTERVAL_NANOS);
        assertEquals(Verdict.SEND, gate.pass(false, 0));
    }

    @Test
    void aFullLinkLeavesPicturesOutAndGoesOnFromAKeyframeAskedForOnceThereIsRoom() {
        gate.pass(true, 0);
        assertEquals(Verdict.LEAVE_OUT, gate.pass(false, 5000));
        assertEquals(Verdict.LEAVE_OUT, gate.pass(true, 5000), "not even a keyframe while the link is full");
        assertEquals(Verdict.LEAVE_OUT_AND_ASK_KEYFRAME, gate.pass(false, 0), "room again: a keyframe is asked for");
        assertEquals(Verdict.LEAVE_OUT, gate.pass(false, 0), "asked once, not per picture");
        assertEquals(Verdict.SEND, gate.pass(true, 0));
        assertEquals(Verdict.SEND, gate.pass(false, 900));
    }

    @Test
    void keyframesAreAskedForAtMostFourTimesASecond() {
        assertTrue(gate.mayAskKeyframe());
        assertFalse(gate.mayAskKeyframe());
        clock.addAndGet(PictureGate.KEYFRAME_INTERVAL_NANOS - 1);
        assertFalse(gate.mayAskKeyframe());
        clock.addAndGet(1);
        assertTrue(gate.mayAskKeyframe());
        gate.pass(true, 0);
        gate.pass(false, 5000);
        assertEquals(Verdict.LEAVE_OUT, gate.pass(false, 0), "a full link soon after an ask waits its turn");
        clock.addAndGet(PictureGate.KEYFRAME_INTERVAL_NANOS);
        assertEquals(Verdict.LEAVE_OUT_AND_ASK_KEYFRAME, gate.pass(false, 0), "and then asks");
    }

    @Test
    void aLinkThatFillsUpAgainAndAgainIsGivenUp() {
        for (int time = 1; time < PictureGate.MOST_FULL_LINKS; time++) {
            gate.pass(true, 0);
            assertEquals(Verdict.LEAVE_OUT, gate.pass(false, 5000), "full link " + time);
            assertEquals(Verdict.LEAVE_OUT, gate.pass(false, 5000), "the same full link, not another");
            clock.addAndGet(PictureGate.FULL_LINK_WINDOW_NANOS / 4);
            assertEquals(Verdict.LEAVE_OUT_AND_ASK_KEYFRAME, gate.pass(false, 0));
        }
        gate.pass(true, 0);
        assertEquals(Verdict.GIVE_UP, gate.pass(false, 5000), "the third time within the window");
    }

    @Test
    void fullLinksFarApartAreNotGivenUp() {
        for (int time = 1; time <= 2 * PictureGate.MOST_FULL_LINKS; time++) {
            gate.pass(true, 0);
            assertEquals(Verdict.LEAVE_OUT, gate.pass(false, 5000), "full link " + time);
            clock.addAndGet(PictureGate.FULL_LINK_WINDOW_NANOS / 2 + 1);
            gate.pass(false, 0);
        }
    }
}
