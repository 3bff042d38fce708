package io.woperator.platform;

import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedBinaryMessage;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.WebSocketChannel;
import org.xnio.IoUtils;

/**
 * What a door does with the messages of one WebSocket: texts, pongs and binary messages (their buffers freed
 * here), and a broken connection (closed here, after it is told). Every door's socket reads through
 * {@link #listen}, so the size caps and the freeing are written once.
 */
public interface SocketMessages {

    /**
     * A whole text message. Undertow caps its size, but not for every framing: a door that must hold the cap checks
     * the length again.
     */
    void text(String text);

    /** A pong came: the other side is there. */
    default void pong() {
    }

    /** A binary message came, which no door of ours takes. */
    default void binary() {
    }

    /** The connection broke (Undertow has already sent close 1009 when a message was too large). */
    default void failed(Throwable error) {
    }

    /**
     * Reads {@code socket} into {@code messages}, each message at most {@code maxBytes}, once the caller resumes
     * receiving (after it has set its close task, which a close must not miss).
     */
    static void listen(WebSocketChannel socket, long maxBytes, SocketMessages messages) {
        socket.getReceiveSetter().set(new AbstractReceiveListener() {
            @Override
            protected long getMaxTextBufferSize() {
                return maxBytes;
            }

            @Override
            protected long getMaxBinaryBufferSize() {
                return maxBytes;
            }

            @Override
            protected void onFullTextMessage(WebSocketChannel channel, BufferedTextMessage message) {
                messages.text(message.getData());
            }

            @Override
            protected void onFullPongMessage(WebSocketChannel channel, BufferedBinaryMessage message) {
                message.getData().free();
                messages.pong();
            }

            @Override
            protected void onFullBinaryMessage(WebSocketChannel channel, BufferedBinaryMessage message) {
                message.getData().free();
                messages.binary();
            }

            @Override
            protected void onError(WebSocketChannel channel, Throwable error) {
                messages.failed(error);
                IoUtils.safeClose(channel);
            }
        });
    }
}
