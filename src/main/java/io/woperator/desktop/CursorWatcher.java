package io.woperator.desktop;

import com.sun.jna.Pointer;
import io.woperator.platform.Xcb;
import io.woperator.platform.XcbConnection;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the X pointer's image through XFixes, since x11grab does not draw it: XFixes says when the image
 * changes (CursorNotify), then one round trip fetches it, and when its serial number changed the new image, as
 * PNG, goes to the listener. Viewers show it as their own cursor, which then moves with no latency at all.
 * Waiting for the event rather than asking every 50 ms keeps a still desktop at no cost.
 */
public final class CursorWatcher {

    private static final Logger LOG = LoggerFactory.getLogger(CursorWatcher.class);
    /** How long one wait for a change lasts at most, so that stop() is seen soon. */
    private static final int WAIT_MS = 500;
    /** The pause between waits, and between tries to reach an X server that went away. */
    private static final long PAUSE_MS = 50;
    /** XFixes' CursorNotify is its second event; DisplayCursorNotifyMask selects it. */
    private static final int CURSOR_NOTIFY = 1;
    private static final int DISPLAY_CURSOR_NOTIFY_MASK = 1;

    private final String display;
    private volatile Consumer<CursorImage> listener = image -> { };
    private ScheduledExecutorService poller;
    /** Touched only on the poller's thread. */
    private XcbConnection x;
    private int cursorNotifyEvent;
    private long lastSerial = -1;
    private boolean failureLogged;

    public CursorWatcher(String display) {
        this.display = display;
    }

    /** Who is shown each new image; set before the first start. */
    public void onChange(Consumer<CursorImage> imageListener) {
        this.listener = imageListener;
    }

    public synchronized void start() {
        if (poller != null) {
            return;
        }
        poller = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "woperator-cursor");
            thread.setDaemon(true);
            return thread;
        });
        poller.scheduleWithFixedDelay(this::poll, 0, PAUSE_MS, TimeUnit.MILLISECONDS);
    }

    public synchronized void stop() {
        if (poller == null) {
            return;
        }
        poller.shutdown();
        try {
            if (!poller.awaitTermination(2, TimeUnit.SECONDS)) {
                poller.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        poller = null;
        if (x != null) {
            x.close();
            x = null;
        }
        lastSerial = -1;
    }

    public synchronized boolean running() {
        return poller != null;
    }

    private void poll() {
        try {
            if (x == null || !x.healthy()) {
                if (x != null) {
                    x.close();
                }
                x = open();
                lastSerial = -1;
            } else if (!cursorChanged(x)) {
                return;
            }
            Pointer reply = cursorImage(x);
            if (reply != null) {
                try {
                    // xcb_xfixes_get_cursor_image_reply_t: width @12, height @14, xhot @16, yhot @18, serial @20,
                    // then width*height ARGB pixels from byte 32
                    long serial = Integer.toUnsignedLong(reply.getInt(20));
                    if (serial != lastSerial) {
                        lastSerial = serial;
                        listener.accept(toImage(reply));
                    }
                } finally {
                    Xcb.free(reply);
                }
            }
            failureLogged = false;
        } catch (IOException e) {
            if (!failureLogged) {
                LOG.warn("Cannot follow the pointer's image: {}", e.getMessage());
                failureLogged = true;
            }
        } catch (RuntimeException e) {
            LOG.error("Following the pointer's image failed", e);
        }
    }

    private XcbConnection open() throws IOException {
        XcbConnection x = XcbConnection.open(display);
        Xcb.XFixes fixes = Xcb.XFixes.get();
        // XFixes answers nothing until the client has said which version it speaks
        Pointer version = fixes.xcb_xfixes_query_version_reply(x.pointer(),
                fixes.xcb_xfixes_query_version(x.pointer(), 4, 0), null);
        if (version == null) {
            x.close();
            throw new IOException("the X server has no XFixes extension");
        }
        Xcb.free(version);
        // xcb_query_extension_reply_t: first_event @10
        cursorNotifyEvent = Byte.toUnsignedInt(
                Xcb.get().xcb_get_extension_data(x.pointer(), Xcb.XFixes.id()).getByte(10)) + CURSOR_NOTIFY;
        fixes.xcb_xfixes_select_cursor_input(x.pointer(), x.root(), DISPLAY_CURSOR_NOTIFY_MASK);
        x.flush();
        return x;
    }

    /** Waits up to {@link #WAIT_MS} for XFixes to say the pointer's image changed. */
    private boolean cursorChanged(XcbConnection x) throws IOException {
        boolean changed = x.awaitEvent(cursorNotifyEvent, WAIT_MS);
        if (!x.healthy()) {
            throw new IOException("the X server went away");
        }
        return changed;
    }

    private static Pointer cursorImage(XcbConnection x) throws IOException {
        Xcb.XFixes fixes = Xcb.XFixes.get();
        Pointer reply = fixes.xcb_xfixes_get_cursor_image_reply(x.pointer(),
                fixes.xcb_xfixes_get_cursor_image(x.pointer()), null);
        if (reply == null && !x.healthy()) {
            throw new IOException("the X server went away");
        }
        return reply;
    }

    private static CursorImage toImage(Pointer reply) throws IOException {
        int width = Short.toUnsignedInt(reply.getShort(12));
        int height = Short.toUnsignedInt(reply.getShort(14));
        int hotX = Short.toUnsignedInt(reply.getShort(16));
        int hotY = Short.toUnsignedInt(reply.getShort(18));
        int[] premultiplied = reply.getIntArray(32, width * height);
        BufferedImage image = new BufferedImage(Math.max(1, width), Math.max(1, height), BufferedImage.TYPE_INT_ARGB);
        for (int i = 0; i < premultiplied.length; i++) {
            image.setRGB(i % width, i / width, unpremultiply(premultiplied[i]));
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(image, "png", png);
        return new CursorImage(Base64.getEncoder().encodeToString(png.toByteArray()), width, height, hotX, hotY);
    }

    private static int unpremultiply(int argb) {
        int a = argb >>> 24;
        if (a == 0 || a == 255) {
            return argb;
        }
        int r = Math.min(255, ((argb >> 16) & 0xff) * 255 / a);
        int g = Math.min(255, ((argb >> 8) & 0xff) * 255 / a);
        int b = Math.min(255, (argb & 0xff) * 255 / a);
        return a << 24 | r << 16 | g << 8 | b;
    }
}
