package io.woperator.capture;

/** A paced source of pictures: each {@link #grab()} waits until the next frame is due. */
public interface FrameSource extends AutoCloseable {

    /** Waits for the next frame and returns it; see {@link CapturedFrame} for how long it stays valid. */
    CapturedFrame grab() throws CaptureException;

    /** Asks for pictures at the full rate for a while from now (someone new needs one); from any thread. */
    default void wake() {
    }

    /** Frames this source fell short of its rate by since it opened (it could not keep up). */
    default long framesLate() {
        return 0;
    }

    /** A short description for logs, e.g. "x11grab :0 1920x1080@30". */
    String describe();

    @Override
    void close();
}
