package io.woperator.session;

import java.util.HashMap;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * How fast the screen is captured: at the rate the viewers ask for (each starts at the configured one), the
 * fastest of them when several watch, since capture is shared; the configured rate when no one watches. A viewer
 * that asked for less then gets more frames than it asked for: libwebrtc's per-sender maxFramerate does not drop
 * frames from webrtc-java's CustomVideoSource.
 */
public final class CaptureRate {

    private final int configured;
    private final IntConsumer apply;
    private final Map<String, Integer> requested = new HashMap<>();
    private int current;

    /** @param apply told the new rate whenever it changes */
    public CaptureRate(int configured, IntConsumer apply) {
        this.configured = configured;
        this.apply = apply;
        this.current = configured;
    }

    public synchronized void request(String viewerId, int fps) {
        requested.put(viewerId, fps);
        update();
    }

    public synchronized void release(String viewerId) {
        if (requested.remove(viewerId) != null) {
            update();
        }
    }

    public synchronized int current() {
        return current;
    }

    private void update() {
        int wanted = requested.values().stream().mapToInt(Integer::intValue).max().orElse(configured);
        if (wanted != current) {
            current = wanted;
            apply.accept(wanted);
        }
    }
}
