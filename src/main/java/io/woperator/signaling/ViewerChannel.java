package io.woperator.signaling;

/** The connection to one viewer, as the session needs it: text out, a ping to hear it is there, a way to close. */
public interface ViewerChannel {

    void send(String text);

    /** A WebSocket ping: the viewer's browser answers with a pong. */
    void ping();

    /** Closes with a WebSocket close code (1000 normal, 1001 going away, 1008 policy) and a short reason. */
    void close(int code, String reason);

    /** The viewer's address, for logs. */
    String remote();
}
