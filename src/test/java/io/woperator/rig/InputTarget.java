package io.woperator.rig;

import java.awt.BorderLayout;
import java.awt.Color;
import java.awt.Cursor;
import java.awt.Font;
import java.awt.Frame;
import java.awt.Panel;
import java.awt.TextArea;
import java.awt.Toolkit;
import java.awt.event.MouseAdapter;
import java.awt.event.MouseEvent;
import java.awt.event.MouseWheelEvent;

/**
 * The desktop application of the input tests: a text area at the top that reports its text after every change,
 * and a panel below that reports presses, releases and wheel turns in screen coordinates. The panel has a
 * crosshair cursor and the text area a text cursor, so moving between them changes the pointer's image.
 */
final class InputTarget {
    private InputTarget() {
    }

    static void run() {
        Frame frame = new Frame("input target");
        frame.setUndecorated(true);
        frame.setBounds(0, 0, Toolkit.getDefaultToolkit().getScreenSize().width,
                Toolkit.getDefaultToolkit().getScreenSize().height);
        TextArea text = new TextArea("", 5, 40, TextArea.SCROLLBARS_NONE);
        text.setFont(new Font(Font.MONOSPACED, Font.PLAIN, 20));
        text.addTextListener(e -> report("TEXT " + escape(text.getText())));
        Panel panel = new Panel();
        panel.setBackground(Color.DARK_GRAY);
        panel.setCursor(Cursor.getPredefinedCursor(Cursor.CROSSHAIR_CURSOR));
        MouseAdapter mouse = new MouseAdapter() {
            @Override
            public void mousePressed(MouseEvent e) {
                report("PRESS " + e.getXOnScreen() + " " + e.getYOnScreen() + " " + e.getButton());
            }

            @Override
            public void mouseReleased(MouseEvent e) {
                report("RELEASE " + e.getXOnScreen() + " " + e.getYOnScreen() + " " + e.getButton());
            }

            @Override
            public void mouseWheelMoved(MouseWheelEvent e) {
                report("WHEEL " + e.getWheelRotation() + (e.isShiftDown() ? " horizontal" : ""));
            }
        };
        panel.addMouseListener(mouse);
        text.addMouseListener(new MouseAdapter() {
            @Override
            public void mousePressed(MouseEvent e) {
                report("PRESS-IN-TEXT " + e.getXOnScreen() + " " + e.getYOnScreen());
            }
        });
        panel.addMouseWheelListener(mouse);
        frame.setLayout(new BorderLayout());
        frame.add(text, BorderLayout.NORTH);
        frame.add(panel, BorderLayout.CENTER);
        frame.setVisible(true);
        text.requestFocus();
        Toolkit.getDefaultToolkit().sync();
        report("READY");
    }

    /** Text on one line: newlines and backslashes escaped. */
    static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\n", "\\n");
    }

    private static synchronized void report(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
