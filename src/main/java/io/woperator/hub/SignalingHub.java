package io.woperator.hub;

import io.undertow.websockets.WebSocketConnectionCallback;
import io.woperator.config.HubSettings;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;

/** The signaling hub's parts for the HTTP server: its doors for senders and viewers, and its health. */
public final class SignalingHub {

    /** What /healthz says of a hub: the senders registered, the viewers relayed, the signaling carried. */
    public record Health(String status, List<String> senders, int viewers, long relayedBytes) {
    }

    private final Hub hub;
    private final SenderSocket senders;
    private final ViewerRelay viewers;

    public SignalingHub(HubSettings settings, ScheduledExecutorService timer) {
        this.hub = new Hub(timer);
        // a sender's messages carry its viewers' whole
        this.senders = new SenderSocket(hub, settings.senderSecret(), settings.maxMessageBytes() * 4, timer);
        this.viewers = new ViewerRelay(hub, settings.maxMessageBytes());
    }

    public WebSocketConnectionCallback senders() {
        return senders;
    }

    public WebSocketConnectionCallback viewers() {
        return viewers;
    }

    public Health health() {
        return new Health("ok", hub.senders(), hub.viewerCount(), hub.relayedBytes());
    }
}
