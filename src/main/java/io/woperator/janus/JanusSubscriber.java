package io.woperator.janus;

import com.fasterxml.jackson.databind.JsonNode;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCPeerConnectionState;
import io.woperator.config.VideoCodec;
import io.woperator.platform.HeldUntilOpen;
import io.woperator.rtc.PeerEvents;
import io.woperator.rtc.SenderStats;
import io.woperator.rtc.StreamPeer;
import io.woperator.stream.ViewerPeers;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A viewer's picture through Janus, as the viewer's negotiation sees a peer: the offer is Janus's (a subscriber to the
 * stream's feed), the viewer's answer and candidates go to Janus, and a smaller picture is a simulcast layer. Janus's
 * calls block, so they run on the fan-out's pool, never on the viewer's executor.
 */
final class JanusSubscriber implements StreamPeer {

    private static final Logger LOG = LoggerFactory.getLogger(JanusSubscriber.class);

    private final String viewerId;
    private final JanusFanout fanout;
    private final PeerEvents events;
    private final ViewerPeers.Relay relay;
    private final Executor work;
    private final boolean simulcast;
    /** The viewer's candidates, held until Janus has its answer. */
    private final HeldUntilOpen<Map<String, Object>> remoteCandidates = new HeldUntilOpen<>(this::trickle);
    private JanusFanout.Live live;
    private long handle;
    private String videoMid;
    private boolean closed;
    private int substream = -1;

    JanusSubscriber(String viewerId, JanusFanout fanout, PeerEvents events, ViewerPeers.Relay relay, Executor work,
            boolean simulcast) {
        this.viewerId = viewerId;
        this.fanout = fanout;
        this.events = events;
        this.relay = relay;
        this.work = work;
        this.simulcast = simulcast;
    }

    /** Subscribes at Janus once the stream is live there; completes with Janus's offer. */
    @Override
    public CompletableFuture<String> createOffer() {
        return fanout.whenLive().thenApplyAsync(this::subscribe, work);
    }

    private String subscribe(JanusFanout.Live at) {
        try {
            long made = at.session().attach(JanusSession.VIDEOROOM, this::onEvent);
            boolean left;
            synchronized (this) {
                live = at;
                handle = made;
                left = closed;
            }
            if (left) { // close() came before there was a handle to detach
                at.session().detach(made);
                throw new IllegalStateException("the viewer left");
            }
            JsonNode attached = at.session().message(made, Map.of("request", "join", "ptype", "subscriber",
                    "room", fanout.room(), "streams", List.of(Map.of("feed", at.feed()))), null);
            for (JsonNode stream : attached.path("streams")) {
                if ("video".equals(stream.path("type").asText())) {
                    synchronized (this) {
                        videoMid = stream.path("mid").asText();
                    }
                }
            }
            String offer = attached.path("jsep").path("sdp").asText(null);
            if (offer == null) {
                throw new JanusException("Janus made the subscriber without an offer");
            }
            LOG.info("Viewer {} subscribed at Janus (feed {})", viewerId, at.feed());
            return offer;
        } catch (JanusException e) {
            throw new CompletionException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(e);
        }
    }

    private void onEvent(JsonNode event) {
        switch (event.path("janus").asText()) {
            case "webrtcup" -> events.onConnectionState(RTCPeerConnectionState.CONNECTED);
            case "hangup" -> relay.lost("Janus hung up the connection ("
                    + event.path("reason").asText("no reason given") + ")");
            default -> { }
        }
    }

    @Override
    public CompletableFuture<Void> applyAnswer(String sdp) {
        return CompletableFuture.runAsync(() -> {
            try {
                at().session().message(handle(), Map.of("request", "start"), new JanusSession.Jsep("answer", sdp));
            } catch (JanusException e) {
                throw new CompletionException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CompletionException(e);
            }
        }, work);
    }

    @Override
    public int remoteDescriptionApplied() {
        remoteCandidates.open();
        return 0;
    }

    @Override
    public void addRemoteCandidate(RTCIceCandidate candidate) {
        Map<String, Object> trickled = new LinkedHashMap<>();
        trickled.put("candidate", candidate.sdp);
        trickled.put("sdpMid", candidate.sdpMid);
        trickled.put("sdpMLineIndex", candidate.sdpMLineIndex);
        remoteCandidates.offer(trickled);
    }

    private void trickle(Map<String, Object> candidate) {
        work.execute(() -> {
            try {
                at().session().trickle(handle(), candidate);
            } catch (JanusException e) {
                LOG.debug("Viewer {}: Janus refused a candidate: {}", viewerId, e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    @Override
    public void preferCodec(VideoCodec codec) {
        throw new IllegalStateException("through Janus every viewer gets the codec the stream is published in");
    }

    /**
     * A smaller picture is a smaller simulcast layer (a quarter of the size or less: the smallest; half or less: the
     * middle one); bitrate and frame rate are Janus's to adapt.
     */
    @Override
    public void setEncoding(int maxKbps, int fps, double scaleDown) {
        int wanted = scaleDown >= 4 ? 0 : scaleDown >= 2 ? 1 : 2;
        synchronized (this) {
            if (!simulcast || wanted == substream || videoMid == null) {
                return;
            }
            substream = wanted;
        }
        work.execute(() -> {
            try {
                at().session().message(handle(), Map.of("request", "configure",
                        "streams", List.of(Map.of("mid", videoMid, "substream", wanted))), null);
                LOG.info("Viewer {}: simulcast layer {} at Janus", viewerId, wanted);
            } catch (JanusException e) {
                LOG.warn("Viewer {}: Janus did not change the layer: {}", viewerId, e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    @Override
    public void senderStats(Consumer<SenderStats> result) {
        // Janus encodes nothing: the publisher's encoder is the stream's
    }

    @Override
    public boolean hasDataChannel() {
        return false;
    }

    @Override
    public void sendOnDataChannel(String text) {
        throw new IllegalStateException("a viewer through Janus has no data channel to this server");
    }

    /**
     * The stream is no longer at Janus: a viewer subscribed there starts over; one still waiting hears why it waits.
     */
    void relayLost(String reason) {
        boolean subscribed;
        synchronized (this) {
            if (closed) {
                return;
            }
            subscribed = live != null;
        }
        if (subscribed) {
            relay.lost(reason);
        } else {
            relay.waiting(reason);
        }
    }

    @Override
    public void close() {
        long detaching;
        JanusFanout.Live at;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            detaching = handle;
            at = live;
        }
        fanout.forget(this);
        if (detaching != 0 && !at.session().closed()) {
            work.execute(() -> {
                try {
                    at.session().detach(detaching);
                } catch (JanusException e) {
                    LOG.debug("Viewer {}: detaching at Janus: {}", viewerId, e.getMessage());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
    }

    private synchronized JanusFanout.Live at() {
        return live;
    }

    private synchronized long handle() {
        return handle;
    }
}
