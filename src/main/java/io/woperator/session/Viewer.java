package io.woperator.session;

import io.woperator.config.Role;
import io.woperator.protocol.DesktopMessage;
import io.woperator.protocol.ServerMessage;
import java.util.concurrent.CompletionStage;

/** A connected viewer as the registry sees it. */
public interface Viewer {

    String id();

    /** What this viewer's credentials let it do. */
    Role role();

    /** Tells the viewer who drives the desktop now (null: no one) and how many viewers are connected. */
    void control(String controllerId, int viewers);

    /** Sends a message on the viewer's WebSocket, after everything sent before it. */
    void send(ServerMessage message);

    /** Sends a message on the viewer's data channel; dropped while it is not open. */
    void sendOnDataChannel(DesktopMessage message);

    /** Tells the viewer why it is being let go, closes its connection, and completes once it is gone. */
    CompletionStage<Void> goodbye(String reason);
}
