package io.woperator.rig;

import java.awt.Color;
import java.awt.Frame;
import java.awt.Graphics;
import java.awt.Toolkit;
import java.awt.event.KeyAdapter;
import java.awt.event.KeyEvent;

/** A full-screen window that turns white at a key press and black at the next: the input-to-photon stimulus. */
public final class KeyFlash {

    /** How long a press is waited for, ms. */
    public static final int WAIT_MS = 2000;

    /**
     * For the viewer's page (async script): presses a key through the viewer's own input path and answers how
     * long, in ms on the page's clock, until a frame showing the flipped screen is expected on screen (as the
     * page's {@code expectedOnScreen}: expectedDisplayTime, never before the callback's rendering step, as
     * Chromium can report a stale one after the page sat still); null when none was within {@link #WAIT_MS}.
     */
    public static final String PRESS_AND_TIME = """
            const done = arguments[arguments.length - 1];
            const video = document.getElementById('screen');
            const canvas = document.createElement('canvas');
            canvas.width = 8; canvas.height = 8;
            const g = canvas.getContext('2d', { willReadFrequently: true });
            const brightness = () => { g.drawImage(video, 0, 0, 8, 8); return g.getImageData(4, 4, 1, 1).data[0]; };
            const wasWhite = brightness() > 128;
            const start = performance.now();
            const onFrame = (now, meta) => {
              if ((brightness() > 128) !== wasWhite) { done(Math.max(meta.expectedDisplayTime, now) - start); return; }
              if (performance.now() - start > %d) { done(null); return; }
              video.requestVideoFrameCallback(onFrame);
            };
            video.requestVideoFrameCallback(onFrame);
            const key = (type) => window.dispatchEvent(new KeyboardEvent(type, { key: 'a', code: 'KeyA' }));
            key('keydown');
            key('keyup');
            """.formatted(WAIT_MS);

    private KeyFlash() {
    }

    static void run() {
        Frame frame = new Frame("key flash") {
            private boolean white;

            {
                addKeyListener(new KeyAdapter() {
                    @Override
                    public void keyPressed(KeyEvent e) {
                        white = !white;
                        Graphics g = getGraphics();
                        g.setColor(white ? Color.WHITE : Color.BLACK);
                        g.fillRect(0, 0, getWidth(), getHeight());
                        g.dispose();
                        Toolkit.getDefaultToolkit().sync();
                    }
                });
            }
        };
        frame.setUndecorated(true);
        frame.setBackground(Color.BLACK);
        frame.setBounds(0, 0, Toolkit.getDefaultToolkit().getScreenSize().width,
                Toolkit.getDefaultToolkit().getScreenSize().height);
        frame.setVisible(true);
        frame.requestFocus();
        Toolkit.getDefaultToolkit().sync();
        System.out.println("READY");
        System.out.flush();
    }
}
