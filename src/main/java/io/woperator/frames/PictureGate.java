package io.woperator.frames;

import java.util.ArrayDeque;
import java.util.function.LongSupplier;

/**
 * Decides, for one viewer of the data channel "frames", which encoded pictures go out: none before a keyframe (a
 * decoder can start only there); none while more is queued for the viewer than {@code mostQueuedBytes} (its link
 * cannot take them as fast as they come), after which the next must be a keyframe again, asked for once the link
 * has room for it. A link that fills up again and again cannot carry the pictures this way at all (their bitrate
 * does not adapt): then the viewer is better off on RTP, whose does. And it bounds how often a keyframe is asked
 * for on the viewer's behalf, which every viewer of the shared encoder pays for.
 */
final class PictureGate {

    /** What to do with one picture. */
    enum Verdict {
        SEND,
        LEAVE_OUT,
        /** Leave it out, and ask the encoder for a keyframe to go on from. */
        LEAVE_OUT_AND_ASK_KEYFRAME,
        /** The link filled up {@link #MOST_FULL_LINKS} times within {@link #FULL_LINK_WINDOW_NANOS}: send no more. */
        GIVE_UP
    }

    /** The least time between two keyframes asked for on a viewer's behalf. */
    static final long KEYFRAME_INTERVAL_NANOS = 250_000_000L;
    static final int MOST_FULL_LINKS = 3;
    static final long FULL_LINK_WINDOW_NANOS = 10_000_000_000L;

    private final long mostQueuedBytes;
    private final LongSupplier nanoTime;
    private boolean waitingForKeyframe = true;
    /** Pictures were left out for a full link: the keyframe to go on from is still to be asked for. */
    private boolean keyframeToAsk;
    private long lastKeyframeAsked;
    private boolean askedBefore;
    /** When the link last filled up, oldest first: the last {@link #MOST_FULL_LINKS} times at most. */
    private final ArrayDeque<Long> fullLinks = new ArrayDeque<>();

    PictureGate(long mostQueuedBytes, LongSupplier nanoTime) {
        this.mostQueuedBytes = mostQueuedBytes;
        this.nanoTime = nanoTime;
    }

    /** From now on, nothing goes out before a keyframe: the viewer starts (again). */
    synchronized void restart() {
        waitingForKeyframe = true;
        // starting makes the encoder's next picture a keyframe; should that one be missed (made just before this
        // viewer joined a running feed), a picture after the interval asks for another, since the viewer sees
        // nothing until then and cannot ask itself
        keyframeToAsk = true;
        askedBefore = true;
        lastKeyframeAsked = nanoTime.getAsLong();
    }

    /** @param queuedBytes what is queued for the viewer now, not yet sent */
    synchronized Verdict pass(boolean keyframe, long queuedBytes) {
        if (queuedBytes > mostQueuedBytes) {
            if (!keyframeToAsk && fillsUpTooOften()) {
                return Verdict.GIVE_UP;
            }
            waitingForKeyframe = true;
            keyframeToAsk = true;
            return Verdict.LEAVE_OUT;
        }
        if (waitingForKeyframe && !keyframe) {
            if (keyframeToAsk && mayAskKeyframe()) {
                keyframeToAsk = false;
                return Verdict.LEAVE_OUT_AND_ASK_KEYFRAME;
            }
            return Verdict.LEAVE_OUT;
        }
        waitingForKeyframe = false;
        keyframeToAsk = false;
        return Verdict.SEND;
    }

    /** Counts one more time the link filled up; whether that makes too many lately. */
    private boolean fillsUpTooOften() {
        long now = nanoTime.getAsLong();
        fullLinks.addLast(now);
        while (now - fullLinks.peekFirst() > FULL_LINK_WINDOW_NANOS) {
            fullLinks.removeFirst();
        }
        if (fullLinks.size() > MOST_FULL_LINKS) {
            fullLinks.removeFirst();
        }
        return fullLinks.size() >= MOST_FULL_LINKS;
    }

    /** Whether the viewer may ask for a keyframe now (its decoder lost one); counts the ask when it may. */
    synchronized boolean mayAskKeyframe() {
        long now = nanoTime.getAsLong();
        if (askedBefore && now - lastKeyframeAsked < KEYFRAME_INTERVAL_NANOS) {
            return false;
        }
        askedBefore = true;
        lastKeyframeAsked = now;
        return true;
    }
}
