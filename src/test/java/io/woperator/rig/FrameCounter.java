package io.woperator.rig;

import java.awt.Color;
import java.awt.Graphics;
import java.awt.image.BufferedImage;

/**
 * The frame counter that web/js/latency-probe.js reads: at the screen's top-left, {@link #BITS} blocks of
 * {@link #BLOCK} pixels showing the counter's bits (white 1, black 0, most significant first), and below them
 * their complement. Keep in step with COUNTER in that file.
 *
 * <p>The counter reaches the screen in one piece (one image, one X request): drawn block by block, a capture in
 * the middle could show the new counter's high bits beside the old one's low bits, a consistent-looking number
 * that was never painted, which the complement row cannot catch.
 */
public final class FrameCounter {
    static final int BITS = 16;
    public static final int BLOCK = 20;
    public static final int WIDTH = BITS * BLOCK;
    public static final int HEIGHT = 2 * BLOCK;

    private FrameCounter() {
    }

    public static void paint(Graphics g, int counter) {
        BufferedImage strip = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics s = strip.getGraphics();
        for (int bit = 0; bit < BITS; bit++) {
            boolean one = (counter >> (BITS - 1 - bit) & 1) == 1;
            s.setColor(one ? Color.WHITE : Color.BLACK);
            s.fillRect(bit * BLOCK, 0, BLOCK, BLOCK);
            s.setColor(one ? Color.BLACK : Color.WHITE);
            s.fillRect(bit * BLOCK, BLOCK, BLOCK, BLOCK);
        }
        s.dispose();
        g.drawImage(strip, 0, 0, null);
    }
}
