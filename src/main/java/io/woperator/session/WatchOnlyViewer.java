package io.woperator.session;

import io.woperator.config.Role;
import io.woperator.protocol.DesktopMessage;
import io.woperator.protocol.ServerMessage;

/**
 * A viewer that only watches and has nowhere to be told anything: a WHEP player, a WHIP endpoint. It never takes
 * control, and has neither a signaling channel nor a data channel.
 */
public interface WatchOnlyViewer extends Viewer {

    @Override
    default Role role() {
        return Role.VIEW;
    }

    @Override
    default void control(String controllerId, int viewers) {
        // nowhere to be told
    }

    @Override
    default void send(ServerMessage message) {
        // no signaling channel
    }

    @Override
    default void sendOnDataChannel(DesktopMessage message) {
        // no data channel
    }
}
