package io.woperator.capture;

import io.woperator.platform.ScreenSizeLock;
import io.woperator.protocol.Region;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The X11 screen through FFmpeg's x11grab, in raw bgr0 (no swscale on the way). Grabbed when it changes, as the X
 * server's DAMAGE extension tells ({@link ChangePacer}: at once, at most at the frame rate, once a second while
 * still); where the extension or libxcb-damage is missing, at the frame rate. x11grab itself is asked for a rate
 * far above either, so that it grabs the moment it is asked instead of waiting for a tick of its own. The whole
 * screen follows size changes: the X server tells when the root window changes, and the grabber is reopened at the
 * new size before its next grab (a grab at the old size of a smaller screen fails). Our own resizes wait for a grab
 * under way and are seen before the next ({@link ScreenSizeLock}); should another program resize the screen
 * between that check and a grab, the failed grab is taken again at the new size.
 */
public final class X11ScreenSource implements FrameSource {

    static {
        FFmpegLogging.init();
    }

    private static final Logger LOG = LoggerFactory.getLogger(X11ScreenSource.class);
    /** The rate x11grab is told: high enough that it never sleeps before a grab. */
    private static final int GRABBER_RATE = 1000;
    /** Capture reopens its source whenever someone comes to watch: why it grabs at a fixed rate is said once. */
    private static final AtomicBoolean FIXED_RATE_EXPLAINED = new AtomicBoolean();

    private final String display;
    private final Region region;
    private final int fps;
    private final XcbScreen screen;
    /** Null where the screen cannot say when it changes: then {@link #pacer} keeps the rate. */
    private final ScreenChanges changes;
    private final ChangePacer changePacer;
    private final Pacer pacer;
    private FFmpegFrameGrabber grabber;
    private int width;
    private int height;
    private final PackedRows rows = new PackedRows();
    private final ReentrantLock sizeLock;

    private X11ScreenSource(String display, Region region, int fps, XcbScreen screen, ScreenChanges changes) {
        this.display = display;
        this.region = region;
        this.fps = fps;
        this.screen = screen;
        this.changes = changes;
        this.changePacer = changes == null ? null : new ChangePacer(fps, changes);
        this.pacer = changes == null ? new Pacer(fps) : null;
        this.sizeLock = ScreenSizeLock.of(display);
    }

    /** Opens the display and starts grabbing the whole screen, or {@code region} of it when not null. */
    public static X11ScreenSource open(String display, Region region, int fps) throws CaptureException {
        XcbScreen screen = XcbScreen.open(display);
        ScreenChanges changes = null;
        try {
            changes = ScreenChanges.open(display);
        } catch (CaptureException e) {
            if (!FIXED_RATE_EXPLAINED.getAndSet(true)) {
                LOG.warn("Grabbing {} {} times a second, changed or not: {}", display, fps, e.getMessage());
            }
        }
        X11ScreenSource source = new X11ScreenSource(display, region, fps, screen, changes);
        source.sizeLock.lock();
        try {
            screen.changed(); // what changed before the size is read below is no news
            source.startGrabber(region != null ? new XcbScreen.Size(region.width(), region.height()) : screen.size());
            return source;
        } catch (CaptureException | RuntimeException e) {
            source.close();
            throw e;
        } finally {
            source.sizeLock.unlock();
        }
    }

    @Override
    public CapturedFrame grab() throws CaptureException {
        boolean due = changePacer != null ? changePacer.awaitNextFrame() : pacer.awaitNextFrame();
        if (!due) {
            throw new CaptureException("capture of " + display + " was interrupted");
        }
        Frame frame;
        sizeLock.lock();
        try {
            if (region == null && screen.changed()) {
                followSize();
            }
            frame = grabOnce();
        } catch (CaptureException e) {
            if (region == null && followSize()) {
                frame = grabOnce();
            } else {
                throw e;
            }
        } finally {
            sizeLock.unlock();
        }
        return new CapturedFrame(rows.of((ByteBuffer) frame.image[0], frame.imageStride, width, height), width,
                height);
    }

    private Frame grabOnce() throws CaptureException {
        Frame frame;
        try {
            frame = grabber.grab();
        } catch (FrameGrabber.Exception e) {
            throw new CaptureException("x11grab on " + display + " failed: " + e.getMessage(), e);
        }
        if (frame == null || frame.image == null) {
            throw new CaptureException("x11grab on " + display + " returned no picture");
        }
        return frame;
    }

    /** Reopens the grabber if the screen's size is not the one grabbed; true when it did. */
    private boolean followSize() throws CaptureException {
        XcbScreen.Size now = screen.size();
        if ((now.width() & ~1) == width && (now.height() & ~1) == height) {
            return false;
        }
        stopGrabber();
        try {
            startGrabber(now);
        } catch (CaptureException e) {
            // a resize may still have been under way: once more, with the size as it is now
            startGrabber(screen.size());
        }
        return true;
    }

    @Override
    public void wake() {
        if (changePacer != null) {
            changePacer.wake();
        }
    }

    @Override
    public long framesLate() {
        return changePacer != null ? changePacer.framesLate() : pacer.framesLate();
    }

    @Override
    public String describe() {
        return "x11grab " + display + " " + width + "x" + height + (region != null ? " region " + region : "")
                + (changes != null ? " when it changes, at most " + fps + " fps" : " @" + fps);
    }

    @Override
    public void close() {
        stopGrabber();
        if (changes != null) {
            changes.close();
        }
        screen.close();
    }


    private void startGrabber(XcbScreen.Size size) throws CaptureException {
        // x11grab wants an even size for its output, libyuv and the encoders too
        width = size.width() & ~1;
        height = size.height() & ~1;
        String input = region == null ? display : display + "+" + region.x() + "," + region.y();
        FFmpegFrameGrabber g = new FFmpegFrameGrabber(input);
        g.setFormat("x11grab");
        g.setImageMode(FrameGrabber.ImageMode.RAW);
        g.setFrameRate(GRABBER_RATE);
        g.setImageWidth(width);
        g.setImageHeight(height);
        g.setOption("draw_mouse", "0");
        g.setOption("probesize", "32");
        g.setOption("fflags", "nobuffer");
        try {
            g.start();
        } catch (FrameGrabber.Exception e) {
            closeQuietly(g);
            throw new CaptureException("cannot start x11grab on " + input + ": " + e.getMessage(), e);
        }
        grabber = g;
    }

    private void stopGrabber() {
        if (grabber != null) {
            closeQuietly(grabber);
            grabber = null;
        }
    }

    private static void closeQuietly(FFmpegFrameGrabber g) {
        try {
            g.close();
        } catch (FrameGrabber.Exception ignored) {
            // nothing left to do with a grabber that will not close
        }
    }
}
