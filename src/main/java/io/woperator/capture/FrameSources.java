package io.woperator.capture;

import io.woperator.config.Settings;
import io.woperator.config.VideoSourceKind;
import io.woperator.protocol.Region;
import io.woperator.protocol.StreamSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Chooses and opens video sources. */
public final class FrameSources {

    private static final Logger LOG = LoggerFactory.getLogger(FrameSources.class);
    private static final int TEST_PATTERN_WIDTH = 1280;
    private static final int TEST_PATTERN_HEIGHT = 720;

    private FrameSources() {
    }

    /**
     * Decides once, at start-up, what the default stream shows: with {@code --source auto}, a display that cannot
     * be opened means the test pattern, said in one log line.
     */
    public static VideoSourceKind choose(Settings settings) {
        VideoSourceKind kind = settings.effectiveSource();
        if (settings.source() == VideoSourceKind.AUTO && kind == VideoSourceKind.TEST_PATTERN) {
            LOG.warn("No X11 display (DISPLAY is not set and --display not given): streaming a test pattern instead");
        }
        if (settings.source() == VideoSourceKind.AUTO && kind == VideoSourceKind.X11) {
            try (XcbScreen screen = XcbScreen.open(settings.display())) {
                LOG.info("Capturing X11 display {} ({})", settings.display(), screen.size());
            } catch (CaptureException e) {
                LOG.warn("{}: streaming a test pattern instead", e.getMessage());
                return VideoSourceKind.TEST_PATTERN;
            }
        }
        if (kind == VideoSourceKind.TEST_PATTERN && settings.source() != VideoSourceKind.AUTO) {
            LOG.info("Streaming a test pattern, as --source asks");
        }
        return kind;
    }

    /**
     * Whether the source can be opened at all, without opening it: the display answers, the camera's device is
     * there. Asked when a stream is made or started, so that a mistake is an error then, not a silent retry later.
     */
    public static void check(StreamSpec.Source source) throws CaptureException {
        switch (source.kind()) {
            case "x11" -> {
                try (XcbScreen screen = XcbScreen.open(source.display())) {
                    screen.size();
                }
            }
            case "v4l2" -> CameraSource.checkDevice(source.device());
            default -> {
                // generated, or sound only: nothing to look for
            }
        }
    }

    /** Opens the picture of {@code source} (which has one), paced at {@code fps}. */
    public static FrameSource open(StreamSpec.Source source, int fps) throws CaptureException {
        int[] size = source.dimensions();
        return switch (source.kind()) {
            case "x11" -> X11ScreenSource.open(source.display(),
                    source.region() == null ? null : Region.parse(source.region()), fps);
            case "v4l2" -> CameraSource.openV4l2(source.device(), size == null ? 0 : size[0],
                    size == null ? 0 : size[1], fps, source.format());
            case "test-pattern" -> new TestPatternSource(size == null ? TEST_PATTERN_WIDTH : size[0],
                    size == null ? TEST_PATTERN_HEIGHT : size[1], fps);
            default -> throw new CaptureException("a " + source.kind() + " source has no picture");
        };
    }
}
