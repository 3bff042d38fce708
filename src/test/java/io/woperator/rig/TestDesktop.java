package io.woperator.rig;

import java.awt.Color;
import java.awt.Frame;
import java.awt.Graphics;
import java.awt.Rectangle;
import java.awt.Toolkit;
import java.awt.Window;
import java.awt.geom.Area;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What the tests put on the Xvfb screen, run as its own JVM with DISPLAY set: a window covering the whole screen
 * that paints {@link DesktopPattern} with a {@link #TICKER}-pixel square at the bottom-right corner turning black
 * and white at the given rate ("bars": a desktop where little moves, as a blinking cursor or a clock), or the
 * pattern alone, painted once ("still"), or the same pattern scrolling by a few pixels every frame
 * ("animate", every pixel changes: the worst case for an encoder), or a black screen that turns white for 100 ms
 * once a second while a click goes to PulseAudio ("flash", for A/V sync), or a text area and a mouse panel that
 * report what they receive ("input"), or a screen that turns from black to white and back at each key press
 * ("keyflash", for input-to-photon latency), or the scrolling pattern with a {@link FrameCounter} over it that
 * counts paints and prints "PAINT counter epoch-microseconds" (taken just before the counter is drawn) once each
 * is on the screen ("counter", for glass-to-glass latency). Prints READY once the first paint is done.
 */
public final class TestDesktop {

    /** The side of the "bars" desktop's blinking square, in pixels. */
    static final int TICKER = 8;

    /** How far the "animate" and "counter" pattern moves at each paint, in pixels. */
    static final int SCROLL_PER_PAINT = 8;

    /**
     * The pattern shifted right by {@code shift} pixels; with {@code counterCorner}, the frame counter's corner is
     * left alone, so that a capture between the two never loses the counter.
     */
    static void paintScrolling(Graphics g, int w, int h, int shift, boolean counterCorner) {
        int blockW = w / DesktopPattern.COLUMNS;
        if (counterCorner) {
            Area outside = new Area(new Rectangle(0, 0, w, h));
            outside.subtract(new Area(new Rectangle(0, 0, FrameCounter.WIDTH, FrameCounter.HEIGHT)));
            g.setClip(outside);
        }
        for (int row = 0; row < DesktopPattern.ROWS; row++) {
            int top = row * h / DesktopPattern.ROWS;
            int bottom = (row + 1) * h / DesktopPattern.ROWS;
            for (int column = -1; column <= DesktopPattern.COLUMNS; column++) {
                int left = column * w / DesktopPattern.COLUMNS + shift % blockW;
                int right = (column + 1) * w / DesktopPattern.COLUMNS + shift % blockW;
                g.setColor(new Color(DesktopPattern.colour(column - shift / blockW, row)));
                g.fillRect(left, top, right - left, bottom - top);
            }
        }
        g.setClip(null);
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("flash")) {
            FlashAndClick.run();
            return;
        }
        if (args.length > 0 && args[0].equals("input")) {
            InputTarget.run();
            return;
        }
        if (args.length > 0 && args[0].equals("keyflash")) {
            KeyFlash.run();
            return;
        }
        boolean counter = args.length > 0 && args[0].equals("counter");
        boolean animate = counter || args.length > 0 && args[0].equals("animate");
        int fps = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        Frame owner = new Frame();
        Window window = new Window(owner) {
            private int offset;
            private int paints;

            @Override
            public void paint(Graphics g) {
                paintScrolling(g, getWidth(), getHeight(), animate ? offset : 0, counter);
                offset += SCROLL_PER_PAINT;
                // the time is taken before the counter's drawing is sent: it cannot be on the screen earlier, so a
                // latency measured from it is never too short (a descheduled painter only makes it longer)
                java.time.Instant painted = java.time.Instant.now();
                if (counter) {
                    FrameCounter.paint(g, paints);
                }
                Toolkit.getDefaultToolkit().sync();
                if (counter) {
                    System.out.println("PAINT " + paints + " "
                            + (painted.getEpochSecond() * 1_000_000 + painted.getNano() / 1000));
                    paints = (paints + 1) & 0xffff;
                }
            }

            @Override
            public void update(Graphics g) {
                paint(g);
            }
        };
        window.setBackground(Color.BLACK);
        window.setBounds(0, 0, Toolkit.getDefaultToolkit().getScreenSize().width,
                Toolkit.getDefaultToolkit().getScreenSize().height);
        window.setVisible(true);
        window.toFront();
        if (animate) {
            ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
            ticker.scheduleAtFixedRate(window::repaint, 0, 1000 / fps, TimeUnit.MILLISECONDS);
        } else if (args.length == 0 || args[0].equals("bars")) {
            ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
            boolean[] white = {false};
            ticker.scheduleAtFixedRate(() -> {
                Graphics square = window.getGraphics();
                white[0] = !white[0];
                square.setColor(white[0] ? Color.WHITE : Color.BLACK);
                square.fillRect(window.getWidth() - TICKER, window.getHeight() - TICKER, TICKER, TICKER);
                square.dispose();
                Toolkit.getDefaultToolkit().sync();
            }, 0, 1000 / fps, TimeUnit.MILLISECONDS);
        }
        // Draw once synchronously so that READY means the pattern is on the screen.
        Graphics g = window.getGraphics();
        window.paint(g);
        g.dispose();
        Toolkit.getDefaultToolkit().sync();
        System.out.println("READY");
        System.out.flush();
        // Lives until the test destroys the process.
        Thread.currentThread().join();
    }
}
