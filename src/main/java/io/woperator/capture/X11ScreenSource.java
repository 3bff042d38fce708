package io.woperator.capture;

import io.woperator.protocol.Region;
import java.nio.ByteBuffer;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/**
 * The X11 screen through FFmpeg's x11grab, in raw bgr0 (no swscale on the way). The whole screen follows size
 * changes: once a second the root window's size is asked, and the grabber is reopened when it differs.
 */
public final class X11ScreenSource implements FrameSource {

    static {
        FFmpegLogging.init();
    }

    private final String display;
    private final Region region;
    private final int fps;
    private final XcbScreen screen;
    private FFmpegFrameGrabber grabber;
    private int width;
    private int height;
    private final PackedRows rows = new PackedRows();
    private int framesSinceSizeCheck;

    private X11ScreenSource(String display, Region region, int fps, XcbScreen screen) {
        this.display = display;
        this.region = region;
        this.fps = fps;
        this.screen = screen;
    }

    /** Opens the display and starts grabbing the whole screen, or {@code region} of it when not null. */
    public static X11ScreenSource open(String display, Region region, int fps) throws CaptureException {
        XcbScreen screen = XcbScreen.open(display);
        X11ScreenSource source = new X11ScreenSource(display, region, fps, screen);
        try {
            source.startGrabber(region != null ? new XcbScreen.Size(region.width(), region.height()) : screen.size());
            return source;
        } catch (CaptureException | RuntimeException e) {
            source.close();
            throw e;
        }
    }

    @Override
    public CapturedFrame grab() throws CaptureException {
        if (region == null && ++framesSinceSizeCheck >= fps) {
            framesSinceSizeCheck = 0;
            XcbScreen.Size now = screen.size();
            if (now.width() != width || now.height() != height) {
                stopGrabber();
                try {
                    startGrabber(now);
                } catch (CaptureException e) {
                    // a resize may still have been under way: once more, with the size as it is now
                    startGrabber(screen.size());
                }
            }
        }
        Frame frame;
        try {
            frame = grabber.grab();
        } catch (FrameGrabber.Exception e) {
            throw new CaptureException("x11grab on " + display + " failed: " + e.getMessage(), e);
        }
        if (frame == null || frame.image == null) {
            throw new CaptureException("x11grab on " + display + " returned no picture");
        }
        return new CapturedFrame(rows.of((ByteBuffer) frame.image[0], frame.imageStride, width, height), width,
                height);
    }

    @Override
    public String describe() {
        return "x11grab " + display + " " + width + "x" + height + (region != null ? " region " + region : "") + " @" + fps;
    }

    @Override
    public void close() {
        stopGrabber();
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
        g.setFrameRate(fps);
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
