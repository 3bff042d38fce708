package io.woperator.signaling;

import io.undertow.websockets.core.WebSocketCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import java.nio.ByteBuffer;
import org.xnio.IoUtils;

/** Sends on Undertow's non-blocking API; a failed send closes the socket, which ends the session. */
public final class WebSocketViewerChannel implements ViewerChannel {
    private final WebSocketChannel socket;

    public WebSocketViewerChannel(WebSocketChannel socket) {
        this.socket = socket;
    }

    @Override
    public void send(String text) {
        if (socket.isOpen()) {
            WebSockets.sendText(text, socket, null);
        }
    }

    @Override
    public void ping() {
        if (socket.isOpen()) {
            WebSockets.sendPing(ByteBuffer.allocate(0), socket, null);
        }
    }

    @Override
    public void close(int code, String reason) {
        if (socket.isOpen()) {
            WebSockets.sendClose(code, reason, socket, new WebSocketCallback<Void>() {
                @Override
                public void complete(WebSocketChannel channel, Void context) {
                    IoUtils.safeClose(channel);
                }

                @Override
                public void onError(WebSocketChannel channel, Void context, Throwable throwable) {
                    IoUtils.safeClose(channel);
                }
            });
        }
    }

    @Override
    public String remote() {
        return String.valueOf(socket.getSourceAddress());
    }
}
