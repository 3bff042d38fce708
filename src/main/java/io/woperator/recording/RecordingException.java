package io.woperator.recording;

/** A recording that cannot start, stop or be listed, and why. */
public final class RecordingException extends Exception {

    public enum Reason { ALREADY_RECORDING, NOT_RECORDING, CANNOT_RECORD }

    private final Reason reason;

    public RecordingException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
