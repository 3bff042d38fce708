package io.woperator.capture;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGRA;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A camera through FFmpeg's video4linux2 input: the size, rate and input format asked for are offered to the
 * device, and the mode it settles on is logged. Cameras deliver YUYV or MJPEG, so FFmpeg converts to BGRA here.
 *
 * <p>The same grabber opens any FFmpeg input ({@link Input}): a device paces itself, a generated input
 * ({@code lavfi}) is paced here.
 */
public final class CameraSource implements FrameSource {

    static {
        FFmpegLogging.init();
    }

    private static final Logger LOG = LoggerFactory.getLogger(CameraSource.class);

    /**
     * What to open: FFmpeg's input {@code format} (video4linux2, lavfi), its {@code url} (/dev/video0), the
     * options offered (video_size, framerate, input_format) and whether it paces itself.
     */
    public record Input(String format, String url, Map<String, String> options, boolean paced) {
        public Input {
            options = Map.copyOf(options);
        }
    }

    private final Input input;
    private final FFmpegFrameGrabber grabber;
    private final Pacer pacer;
    private final int width;
    private final int height;
    private final PackedRows rows = new PackedRows();

    private CameraSource(Input input, FFmpegFrameGrabber grabber, Pacer pacer) {
        this.input = input;
        this.grabber = grabber;
        this.pacer = pacer;
        this.width = grabber.getImageWidth() & ~1;
        this.height = grabber.getImageHeight() & ~1;
    }

    /**
     * A V4L2 camera; {@code width}/{@code height}, {@code fps} and {@code format} are offered when not 0 or null.
     *
     * @throws CaptureException with a message that says whether the device is missing, not readable, or refused
     */
    public static CameraSource openV4l2(String device, int width, int height, int fps, String format)
            throws CaptureException {
        checkDevice(device);
        Map<String, String> options = new LinkedHashMap<>();
        if (width > 0) {
            options.put("video_size", width + "x" + height);
        }
        options.put("framerate", String.valueOf(fps));
        if (format != null) {
            options.put("input_format", format);
        }
        return open(new Input("video4linux2", device, options, true), fps);
    }

    /** Whether {@code device} is there and readable; the API asks this before a camera stream is made. */
    public static void checkDevice(String device) throws CaptureException {
        Path path = Path.of(device);
        if (!Files.exists(path)) {
            throw new CaptureException("no camera at " + device + ": the device does not exist (unplugged? "
                    + "is the driver loaded?)");
        }
        if (!Files.isReadable(path)) {
            throw new CaptureException("the camera " + device + " cannot be opened by this user (add it to the "
                    + "'video' group)");
        }
    }

    /** Opens {@code input}; one that does not pace itself is paced at {@code fps}. */
    public static CameraSource open(Input input, int fps) throws CaptureException {
        FFmpegFrameGrabber g = new FFmpegFrameGrabber(input.url());
        g.setFormat(input.format());
        input.options().forEach(g::setOption);
        g.setPixelFormat(AV_PIX_FMT_BGRA);
        try {
            g.start();
        } catch (FrameGrabber.Exception e) {
            close(g);
            throw new CaptureException("cannot open " + input.url() + " (" + input.format() + "): " + e.getMessage()
                    + (input.format().equals("video4linux2") ? " (busy in another program, or not a camera?)" : ""), e);
        }
        if (g.getImageWidth() < 2 || g.getImageHeight() < 2) {
            close(g);
            throw new CaptureException(input.url() + " delivers no picture");
        }
        CameraSource source = new CameraSource(input, g, input.paced() ? null : new Pacer(fps));
        LOG.info("{} opened: {}x{} at {} fps, {} (asked {})", input.url(), g.getImageWidth(), g.getImageHeight(),
                String.format("%.1f", g.getFrameRate()), g.getFormat(), input.options());
        return source;
    }

    @Override
    public CapturedFrame grab() throws CaptureException {
        if (pacer != null && !pacer.awaitNextFrame()) {
            throw new CaptureException("interrupted while waiting for the next frame of " + input.url());
        }
        Frame frame;
        try {
            frame = grabber.grabImage();
        } catch (FrameGrabber.Exception e) {
            throw new CaptureException(input.url() + " failed: " + e.getMessage(), e);
        }
        if (frame == null || frame.image == null) {
            throw new CaptureException(input.url() + " stopped delivering pictures (unplugged?)");
        }
        // imageStride counts buffer elements, bytes here; an odd width is cropped even by the copy
        return new CapturedFrame(rows.of((ByteBuffer) frame.image[0], frame.imageStride, width, height), width,
                height);
    }

    @Override
    public long framesLate() {
        return pacer == null ? 0 : pacer.framesLate();
    }

    @Override
    public String describe() {
        return input.format() + " " + input.url() + " " + width + "x" + height;
    }

    @Override
    public void close() {
        close(grabber);
    }


    private static void close(FFmpegFrameGrabber g) {
        try {
            g.close();
        } catch (FrameGrabber.Exception ignored) {
            // nothing left to do with a grabber that will not close
        }
    }
}
