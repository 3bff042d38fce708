package io.woperator.rtc;

/** libwebrtc turned down a description, a candidate or an encoding. */
public final class PeerException extends Exception {
    public PeerException(String message) {
        super(message);
    }
}
