package io.woperator.api;

import io.undertow.websockets.WebSocketConnectionCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import io.undertow.websockets.spi.WebSocketHttpExchange;
import io.woperator.platform.LogBudget;
import io.woperator.platform.SocketMessages;
import io.woperator.protocol.StreamsApiMessage;
import io.woperator.protocol.Texts;
import io.woperator.stream.StreamException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streams API as a WebSocket (admins only; {@link StreamsHttpApi} checks at the upgrade): each request is
 * answered in order, and every second the figures of every stream arrive as {@code stats}. A bad message is
 * answered with an error and costs nothing else: a request that cannot be done is logged, and of the messages
 * that are no request at all the first of a connection is logged, the rest counted and summed up when it closes.
 */
public final class StreamsApiSocket implements WebSocketConnectionCallback {

    private static final Logger LOG = LoggerFactory.getLogger(StreamsApiSocket.class);
    /** Refusals of all clients together: a flood of bad requests costs a few log lines. */
    private final LogBudget refusals = new LogBudget(LOG, "refused streams API requests", 30);

    private final StreamsApi api;
    private final Executor worker;
    private final int maxMessageChars;
    private final AtomicLong nextId = new AtomicLong(1);

    /** @param worker runs requests one at a time, off the I/O threads (a stop waits for viewers to go) */
    public StreamsApiSocket(StreamsApi api, Executor worker, int maxMessageChars) {
        this.api = api;
        this.worker = worker;
        this.maxMessageChars = maxMessageChars;
    }

    @Override
    public void onConnect(WebSocketHttpExchange exchange, WebSocketChannel socket) {
        Client client = new Client("api" + nextId.getAndIncrement(), socket);
        LOG.info("Streams API client {} connected from {}", client.id, socket.getSourceAddress());
        Runnable unsubscribe = api.streams().onStats(stats -> client.send(new StreamsApiMessage.Stats(stats)));
        SocketMessages.listen(socket, maxMessageChars, new SocketMessages() {
            @Override
            public void text(String text) {
                worker.execute(() -> client.receive(text));
            }

            @Override
            public void binary() {
                worker.execute(() -> client.refuse(new StreamException(StreamException.Code.INVALID_MESSAGE,
                        "binary messages are not part of the API")));
            }

            @Override
            public void failed(Throwable error) {
                LOG.warn("Streams API client {}: connection closed: {}", client.id, error.getMessage());
            }
        });
        socket.addCloseTask(closed -> {
            unsubscribe.run();
            worker.execute(client::closed);
        });
        socket.resumeReceives();
    }

    /** One connection; its requests run on the worker, one at a time. */
    private final class Client {
        private final String id;
        private final WebSocketChannel socket;
        /** Messages that were not requests at all. */
        private long garbled;

        Client(String id, WebSocketChannel socket) {
            this.id = id;
            this.socket = socket;
        }

        void receive(String text) {
            if (text.length() > maxMessageChars) {
                refuse(new StreamException(StreamException.Code.MESSAGE_TOO_LARGE, "a message of " + text.length()
                        + " characters is over the limit of " + maxMessageChars));
                return;
            }
            try {
                StreamsApiMessage.Request request = api.decode(text);
                StreamsApiMessage reply = api.handle(request);
                LOG.info("Streams API client {}: {}", id, describe(request));
                send(reply);
            } catch (StreamException e) {
                refuse(e);
            } catch (RuntimeException e) {
                LOG.error("Streams API client {}: the request failed", id, e);
                refuse(new StreamException(StreamException.Code.INTERNAL, "the server failed: " + e.getMessage()));
            }
        }

        void refuse(StreamException e) {
            if (!e.code().garbled()) {
                refusals.note(() -> LOG.warn("Streams API client {}: {}: {}", id, e.code().wireName(),
                        Texts.clip(e.getMessage(), 300)));
            } else if (garbled++ == 0) {
                LOG.warn("Streams API client {}: {}: {} (further unreadable messages on this connection are counted, "
                        + "not logged)", id, e.code().wireName(), Texts.clip(e.getMessage(), 300));
            }
            send(StreamsApi.error(new StreamException(e.code(), Texts.clip(e.getMessage(), 300))));
        }

        void send(StreamsApiMessage message) {
            if (socket.isOpen()) {
                WebSockets.sendText(api.encode(message), socket, null);
            }
        }

        void closed() {
            LOG.info("Streams API client {} left{}", id, garbled > 0 ? " (" + garbled + " unreadable message(s))" : "");
        }
    }

    private static String describe(StreamsApiMessage.Request request) {
        String name = request.getClass().getSimpleName();
        if (request instanceof StreamsApiMessage.CreateStream create) {
            return name + " " + create.payload().id();
        } else if (request instanceof StreamsApiMessage.StartStream start) {
            return name + " " + start.payload().id();
        } else if (request instanceof StreamsApiMessage.StopStream stop) {
            return name + " " + stop.payload().id();
        } else if (request instanceof StreamsApiMessage.DeleteStream delete) {
            return name + " " + delete.payload().id() + (delete.payload().forced() ? " (forced)" : "");
        }
        return name;
    }
}
