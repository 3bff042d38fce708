package io.woperator.capture;

import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegLogCallback;

/** FFmpeg prints stream banners at INFO on stderr; keep only its errors, and send them through SLF4J. */
public final class FFmpegLogging {
    private static boolean done;

    private FFmpegLogging() {
    }

    public static synchronized void init() {
        if (done) {
            return;
        }
        done = true;
        System.setProperty("org.bytedeco.javacpp.logger", "slf4j");
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        FFmpegLogCallback.set();
    }
}
