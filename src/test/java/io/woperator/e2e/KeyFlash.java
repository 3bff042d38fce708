package io.woperator.e2e;

import java.awt.Color;
import java.awt.Frame;
import java.awt.Graphics;
import java.awt.Toolkit;
import java.awt.event.KeyAdapter;
import java.awt.event.KeyEvent;

/** A full-screen window that turns white at a key press and black at the next: the input-to-photon stimulus. */
final class KeyFlash {
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
