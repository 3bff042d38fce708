package io.woperator.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Items held back until the other side is ready for them, then passed on in the order they came; once open, passed
 * on at once. ICE candidates found before the offer or answer they belong to has gone out are the case: sent
 * earlier, the other side would have nothing to add them to. Thread-safe; items are passed on under its lock, so
 * passing one on must not block.
 */
public final class HeldUntilOpen<T> {

    private final Consumer<T> passOn;
    /** What waits, or null while open. */
    private List<T> held = new ArrayList<>();

    public HeldUntilOpen(Consumer<T> passOn) {
        this.passOn = passOn;
    }

    public synchronized void offer(T item) {
        if (held == null) {
            passOn.accept(item);
        } else {
            held.add(item);
        }
    }

    /** Passes on what was held, and from now on every item at once. */
    public synchronized void open() {
        if (held != null) {
            List<T> waiting = held;
            held = null;
            waiting.forEach(passOn);
        }
    }

    /** Drops what is held and holds again: the connection the items were for is gone. */
    public synchronized void reset() {
        held = new ArrayList<>();
    }
}
