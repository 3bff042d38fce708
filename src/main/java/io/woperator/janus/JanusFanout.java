package io.woperator.janus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.woperator.config.Settings;
import io.woperator.config.VideoCodec;
import io.woperator.publish.Destination;
import io.woperator.publish.Publisher;
import io.woperator.rtc.PeerEvents;
import io.woperator.stream.ViewerPeers;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One stream's fan-out through a Janus VideoRoom: published once (by a {@link Publisher}, with this as its
 * destination), and a subscriber at Janus for each viewer, on the publisher's Janus session. When Janus goes away,
 * every subscriber is told; they subscribe again once the stream is republished.
 */
final class JanusFanout implements Destination, Publisher.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(JanusFanout.class);

    /** The stream live at Janus: the session its subscribers attach to and its publisher's id in the room. */
    record Live(JanusSession session, long feed) {
    }

    private final String streamId;
    private final Settings.Janus janus;
    private final VideoCodec codec;
    private final HttpClient http;
    private final ObjectMapper json;
    private final Executor work;
    private final boolean simulcast;
    private final Set<JanusSubscriber> subscribers = ConcurrentHashMap.newKeySet();
    private volatile Publisher publisher;
    /** Made by {@link #open}, live once the publisher's connection is up. */
    private volatile Live published;
    private CompletableFuture<Live> live = new CompletableFuture<>();
    private String notLiveBecause = "the stream is being published to Janus";

    JanusFanout(String streamId, Settings.Janus janus, VideoCodec codec, boolean simulcast, HttpClient http,
            ObjectMapper json, Executor work) {
        this.streamId = streamId;
        this.janus = janus;
        this.codec = codec;
        this.simulcast = simulcast;
        this.http = http;
        this.json = json;
        this.work = work;
    }

    void start(Publisher publisher) {
        this.publisher = publisher;
        publisher.start();
    }

    void close() {
        Publisher running = publisher;
        if (running != null) {
            running.stop();
        }
    }

    Publisher publisher() {
        return publisher;
    }

    /** A subscriber for one viewer; it subscribes at Janus when asked for its offer, once the stream is live there. */
    JanusSubscriber subscribe(String viewerId, PeerEvents events, ViewerPeers.Relay relay) {
        JanusSubscriber subscriber = new JanusSubscriber(viewerId, this, events, relay, work, simulcast);
        subscribers.add(subscriber);
        String waitingFor = waitingFor();
        if (waitingFor != null) {
            relay.waiting(waitingFor);
        }
        return subscriber;
    }

    void forget(JanusSubscriber subscriber) {
        subscribers.remove(subscriber);
    }

    /** Completes when the stream is live at Janus (at once when it is). */
    synchronized CompletableFuture<Live> whenLive() {
        return live;
    }

    private synchronized String waitingFor() {
        return live.isDone() ? null : notLiveBecause;
    }

    long room() {
        return janus.room();
    }

    // --- the publisher's destination ---------------------------------------------------------------------------

    @Override
    public String address() {
        return janus.api() + "#room=" + janus.room();
    }

    @Override
    public String describe() {
        return "Janus at " + JanusSession.describe(janus.api()) + " (room " + janus.room() + ")";
    }

    @Override
    public Session open(String offer, Consumer<String> lost) throws JanusException, InterruptedException {
        JanusSession session = JanusSession.create(http, json, janus.api(), janus.apiSecret(), lost, streamId);
        try {
            long handle = session.attach(JanusSession.VIDEOROOM, event -> {
                String kind = event.path("janus").asText();
                if (kind.equals("hangup") || kind.equals("detached")) {
                    lost.accept("Janus hung up the stream's connection (" + event.path("reason").asText(kind) + ")");
                }
            });
            ensureRoom(session, handle);
            JsonNode joined = session.message(handle, Map.of("request", "join", "ptype", "publisher",
                    "room", janus.room(), "display", streamId), null);
            long feed = joined.path("id").asLong();
            JsonNode configured = session.message(handle, Map.of("request", "publish", "display", streamId),
                    new JanusSession.Jsep("offer", highestLayerFirst(offer)));
            String answer = configured.path("jsep").path("sdp").asText(null);
            if (answer == null) {
                throw new JanusException("Janus took the stream without an answer");
            }
            published = new Live(session, feed);
            return new Session() {
                @Override
                public String answer() {
                    return answer;
                }

                @Override
                public void end() throws InterruptedException {
                    session.close();
                }
            };
        } catch (JanusException | InterruptedException | RuntimeException e) {
            session.close();
            throw e;
        }
    }

    /**
     * The offer with its simulcast layers listed highest first, as Janus reads them (the first {@code a=rid} is its
     * substream 2); libwebrtc lists them in the order of the encodings, which it needs smallest first.
     */
    static String highestLayerFirst(String offer) {
        List<String> lines = new ArrayList<>(List.of(offer.split("\r\n", -1)));
        List<Integer> at = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("a=rid:")) {
                at.add(i);
            } else if (lines.get(i).startsWith("a=simulcast:send ")) {
                List<String> rids = new ArrayList<>(List.of(lines.get(i).substring(17).split(";")));
                Collections.reverse(rids);
                lines.set(i, "a=simulcast:send " + String.join(";", rids));
            }
        }
        List<String> rids = at.stream().map(lines::get).toList();
        for (int i = 0; i < at.size(); i++) {
            lines.set(at.get(i), rids.get(rids.size() - 1 - i));
        }
        return String.join("\r\n", lines);
    }

    /** Makes the room unless it exists: with the admin key and secret given, every codec, this server's first. */
    private void ensureRoom(JanusSession session, long handle) throws JanusException, InterruptedException {
        JsonNode exists = session.message(handle, Map.of("request", "exists", "room", janus.room()), null);
        if (exists.path("exists").asBoolean()) {
            return;
        }
        String first = codec.name().toLowerCase(Locale.ROOT);
        String codecs = String.join(",", Stream.concat(Stream.of(first),
                Stream.of("vp8", "h264", "vp9", "av1").filter(c -> !c.equals(first))).toList());
        Map<String, Object> create = new LinkedHashMap<>(Map.of("request", "create", "room", janus.room(),
                "description", "Woperator", "publishers", 64, "videocodec", codecs, "audiocodec", "opus",
                "notify_joining", false));
        if (janus.adminKey() != null) {
            create.put("admin_key", janus.adminKey());
        }
        if (janus.roomSecret() != null) {
            create.put("secret", janus.roomSecret());
        }
        try {
            session.message(handle, create, null);
            LOG.info("Made room {} at {}", janus.room(), describe());
        } catch (JanusException e) {
            if (e.code() == 427) { // made meanwhile, by another stream of this server
                return;
            }
            // 429: a missing element, 433: unauthorized
            throw new JanusException(e.code(), e.getMessage() + (e.code() == 429 || e.code() == 433
                    ? " (does Janus's VideoRoom ask for an admin_key? --janus-admin-key)" : ""));
        }
    }

    // --- the publisher's news ----------------------------------------------------------------------------------

    @Override
    public void live() {
        synchronized (this) {
            live.complete(published);
        }
    }

    @Override
    public void notLive(String reason) {
        List<JanusSubscriber> gone;
        synchronized (this) {
            notLiveBecause = reason;
            if (live.isDone()) {
                live = new CompletableFuture<>();
            }
            gone = List.copyOf(subscribers);
        }
        gone.forEach(subscriber -> subscriber.relayLost(reason));
    }
}
