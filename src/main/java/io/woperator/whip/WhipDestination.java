package io.woperator.whip;

import io.woperator.publish.Destination;
import java.net.URI;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A WHIP endpoint as a publisher's destination: the offer POSTed with the token, the session DELETEd at the end. */
final class WhipDestination implements Destination {

    private static final Logger LOG = LoggerFactory.getLogger(WhipDestination.class);

    private final URI endpoint;
    private final String token;
    private final WhipClient client;

    /** @param token the endpoint's bearer token, or null */
    WhipDestination(URI endpoint, String token, WhipClient client) {
        this.endpoint = endpoint;
        this.token = token;
        this.client = client;
    }

    @Override
    public String address() {
        return endpoint.toString();
    }

    @Override
    public String describe() {
        return "the WHIP endpoint " + forLog(endpoint);
    }

    @Override
    public Session open(String offer, Consumer<String> lost) throws WhipException, InterruptedException {
        WhipClient.Session made = client.publish(endpoint, token, offer);
        return new Session() {
            @Override
            public String answer() {
                return made.answer();
            }

            @Override
            public void end() throws InterruptedException {
                try {
                    client.end(made.resource(), token);
                } catch (WhipException e) {
                    LOG.info("Could not end the session at {}: {}", describe(), e.getMessage());
                }
            }
        };
    }

    /** The endpoint without its query, which may carry a key. */
    static String forLog(URI endpoint) {
        return endpoint.getScheme() + "://" + endpoint.getRawAuthority() + endpoint.getRawPath();
    }
}
