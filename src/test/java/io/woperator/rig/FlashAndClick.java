package io.woperator.rig;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.IntByReference;
import java.awt.Color;
import java.awt.Frame;
import java.awt.Graphics;
import java.awt.Toolkit;
import java.awt.Window;

/**
 * The A/V sync stimulus: once a second the whole screen turns white for 100 ms and, at the same instant, a 20 ms
 * 1 kHz click goes to PulseAudio. Sound is written with libpulse-simple, whose write blocks until PulseAudio takes
 * the block into a 20 ms buffer: no backlog can build up in front of the click (a pipe to pacat kept 0.6 s of it).
 * Prints "FLASH epoch-millis" for each flash.
 */
final class FlashAndClick {
    private static final int RATE = 48_000;
    private static final int BLOCK_FRAMES = RATE / 100;

    private FlashAndClick() {
    }

    static void run() throws Exception {
        Window window = new Window(new Frame());
        window.setBackground(Color.BLACK);
        window.setBounds(0, 0, Toolkit.getDefaultToolkit().getScreenSize().width,
                Toolkit.getDefaultToolkit().getScreenSize().height);
        window.setVisible(true);
        PulseSimple pulse = Native.load("pulse-simple", PulseSimple.class);
        PulseSimple.SampleSpec spec = new PulseSimple.SampleSpec();
        spec.format = 3; // PA_SAMPLE_S16LE
        spec.rate = RATE;
        spec.channels = 1;
        PulseSimple.BufferAttr attr = new PulseSimple.BufferAttr();
        attr.maxlength = -1;
        attr.tlength = BLOCK_FRAMES * 2 * 2; // 20 ms
        attr.prebuf = -1;
        attr.minreq = -1;
        attr.fragsize = -1;
        IntByReference error = new IntByReference();
        Pointer stream = pulse.pa_simple_new(null, "woperator-test", 1, null, "flash and click", spec, null, attr, error);
        if (stream == null) {
            throw new IllegalStateException("cannot open PulseAudio playback, error " + error.getValue());
        }
        byte[] silence = new byte[BLOCK_FRAMES * 2];
        byte[] click = new byte[BLOCK_FRAMES * 2];
        paint(window, Color.BLACK);
        System.out.println("READY");
        System.out.flush();
        for (long block = 0; ; block++) {
            long inSecond = block % 100;
            if (inSecond < 2) {
                fillClick(click, (int) inSecond);
            }
            // blocks until PulseAudio has room: this is what paces the loop at real time
            if (pulse.pa_simple_write(stream, inSecond < 2 ? click : silence, click.length, error) < 0) {
                throw new IllegalStateException("PulseAudio write failed, error " + error.getValue());
            }
            if (inSecond == 0) {
                paint(window, Color.WHITE);
                System.out.println("FLASH " + System.currentTimeMillis());
                System.out.flush();
            } else if (inSecond == 10) {
                paint(window, Color.BLACK);
            }
        }
    }

    private static void fillClick(byte[] block, int part) {
        for (int i = 0; i < BLOCK_FRAMES; i++) {
            int n = part * BLOCK_FRAMES + i;
            short s = (short) (0.8 * 32767 * Math.sin(2 * Math.PI * 1000 * n / RATE));
            block[2 * i] = (byte) s;
            block[2 * i + 1] = (byte) (s >> 8);
        }
    }

    private static void paint(Window window, Color colour) {
        Graphics g = window.getGraphics();
        g.setColor(colour);
        g.fillRect(0, 0, window.getWidth(), window.getHeight());
        g.dispose();
        Toolkit.getDefaultToolkit().sync();
    }

    /** The three calls of libpulse-simple that playing needs. */
    interface PulseSimple extends Library {
        Pointer pa_simple_new(String server, String name, int direction, String device, String streamName,
                SampleSpec spec, Pointer channelMap, BufferAttr attr, IntByReference error);

        int pa_simple_write(Pointer stream, byte[] data, long bytes, IntByReference error);

        @Structure.FieldOrder({"format", "rate", "channels"})
        class SampleSpec extends Structure {
            public int format;
            public int rate;
            public byte channels;
        }

        @Structure.FieldOrder({"maxlength", "tlength", "prebuf", "minreq", "fragsize"})
        class BufferAttr extends Structure {
            public int maxlength;
            public int tlength;
            public int prebuf;
            public int minreq;
            public int fragsize;
        }
    }
}
