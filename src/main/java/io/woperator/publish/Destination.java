package io.woperator.publish;

import java.util.function.Consumer;

/** Where a {@link Publisher} sends a stream: a WHIP endpoint, a Janus room. Its calls block, on the publisher's thread. */
public interface Destination {

    /** The destination as configured, for the API. */
    String address();

    /** The destination for the log: nothing secret (no token, no query). */
    String describe();

    /**
     * Hands over the publisher's offer; returns the session the destination made, with its answer.
     *
     * @param lost called, on any thread, when the destination says the session is over (before the connection does)
     */
    Session open(String offer, Consumer<String> lost) throws PublishException, InterruptedException;

    /** A session at the destination. */
    interface Session {

        String answer();

        /** Ends the session at the destination; a failure is the destination's to log. */
        void end() throws InterruptedException;
    }
}
