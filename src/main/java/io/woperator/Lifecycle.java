package io.woperator;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the server has built, to be closed in reverse order of building, once: each part's failure to close is
 * logged and the others are closed all the same.
 */
final class Lifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(Lifecycle.class);

    /** Closes one part; may throw. */
    @FunctionalInterface
    interface Closer {
        void close() throws Exception;
    }

    private record Part(String name, Closer closer) {
    }

    private final Deque<Part> built = new ArrayDeque<>();

    /** What was just built is closed by {@code closer}, before everything built earlier. */
    synchronized void onClose(String name, Closer closer) {
        built.push(new Part(name, closer));
    }

    synchronized void close() {
        while (!built.isEmpty()) {
            Part part = built.pop();
            try {
                part.closer().close();
            } catch (Exception | Error e) {
                LOG.warn("Could not close the {}: {}", part.name(), e.toString());
            }
        }
    }
}
