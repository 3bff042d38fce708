package io.woperator.capture;

import io.woperator.config.Settings;
import io.woperator.config.VideoSourceKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Chooses and opens the video source the settings ask for. */
public final class FrameSources {

    private static final Logger LOG = LoggerFactory.getLogger(FrameSources.class);

    private FrameSources() {
    }

    /**
     * Decides once, at start-up, which source to use: with {@code --source auto}, a display that cannot be opened
     * means the test pattern, said in one log line.
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

    public static FrameSource open(VideoSourceKind kind, Settings settings, int fps) throws CaptureException {
        return switch (kind) {
            case X11 -> X11ScreenSource.open(settings.display(), settings.region(), fps);
            case TEST_PATTERN, AUTO -> new TestPatternSource(settings.testPatternWidth(), settings.testPatternHeight(), fps);
        };
    }
}
