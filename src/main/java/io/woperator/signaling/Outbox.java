package io.woperator.signaling;

import io.woperator.protocol.ServerMessage;

/** Where a viewer's negotiations put what they have to say; called on the viewer's own executor. */
interface Outbox {

    /** Sends a message on the viewer's WebSocket now, after those sent before it. */
    void sendNow(ServerMessage message);

    /** Answers a message that could not be used with its error (and counts it against the viewer). */
    void reject(ProtocolException problem);

    /** Ends the session: the server cannot go on with this viewer. */
    void end(int closeCode, String reason);
}
