package io.woperator.capture;

/** A source could not deliver a frame: the display went away, the device is busy, and the like. */
public class CaptureException extends Exception {
    public CaptureException(String message, Throwable cause) {
        super(message, cause);
    }

    public CaptureException(String message) {
        super(message);
    }
}
