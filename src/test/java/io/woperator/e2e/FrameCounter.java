package io.woperator.e2e;

import java.awt.Color;
import java.awt.Graphics;

/**
 * The frame counter that web/js/latency-probe.js reads: at the screen's top-left, {@link #BITS} blocks of
 * {@link #BLOCK} pixels showing the counter's bits (white 1, black 0, most significant first), and below them
 * their complement. Keep in step with COUNTER in that file.
 */
final class FrameCounter {
    static final int BITS = 16;
    static final int BLOCK = 20;
    static final int WIDTH = BITS * BLOCK;
    static final int HEIGHT = 2 * BLOCK;

    private FrameCounter() {
    }

    static void paint(Graphics g, int counter) {
        for (int bit = 0; bit < BITS; bit++) {
            boolean one = (counter >> (BITS - 1 - bit) & 1) == 1;
            g.setColor(one ? Color.WHITE : Color.BLACK);
            g.fillRect(bit * BLOCK, 0, BLOCK, BLOCK);
            g.setColor(one ? Color.BLACK : Color.WHITE);
            g.fillRect(bit * BLOCK, BLOCK, BLOCK, BLOCK);
        }
    }
}
