package io.woperator.frames;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AV_PICTURE_TYPE_I;
import static org.bytedeco.ffmpeg.global.avutil.AV_PICTURE_TYPE_NONE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

import dev.onvoid.webrtc.media.video.I420Buffer;
import io.woperator.capture.FFmpegLogging;
import io.woperator.config.VideoCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;

/**
 * One video encoder of our own (FFmpeg's libvpx or OpenH264), for pictures that go to viewers outside RTP: tuned
 * for the least delay (no look-ahead, no B-frames, realtime speed), a keyframe only when asked. Encodes I420
 * pictures of one size; not thread-safe.
 */
public final class FrameEncoder implements AutoCloseable {

    /** One encoded picture. */
    public record Encoded(byte[] data, boolean keyframe) {
    }

    /** FFmpeg's encoder for each codec we encode ourselves, with its options for the least delay. */
    private static final Map<VideoCodec, String> ENCODERS = Map.of(
            VideoCodec.VP8, "libvpx",
            VideoCodec.VP9, "libvpx-vp9",
            VideoCodec.H264, "libopenh264");

    private final VideoCodec codec;
    private final int width;
    private final int height;
    private AVCodecContext context;
    private AVFrame picture;
    private AVPacket packet;
    private final long startNanos = System.nanoTime();
    private long lastPts = -1;

    /** Whether this build can encode {@code codec} itself. */
    public static boolean canEncode(VideoCodec codec) {
        String name = ENCODERS.get(codec);
        return name != null && avcodec_find_encoder_by_name(name) != null;
    }

    /**
     * @param kbps the bitrate aimed at
     * @param fps  the most pictures a second it will be given (rate control's frame budget)
     * @throws IllegalArgumentException when the codec cannot be encoded here, or FFmpeg refuses the settings
     */
    public FrameEncoder(VideoCodec codec, int width, int height, int kbps, int fps) {
        this.codec = codec;
        this.width = width;
        this.height = height;
        String name = ENCODERS.get(codec);
        AVCodec found = name == null ? null : avcodec_find_encoder_by_name(name);
        if (found == null) {
            throw new IllegalArgumentException("this build of FFmpeg cannot encode " + codec);
        }
        FFmpegLogging.init();
        context = avcodec_alloc_context3(found);
        context.width(width);
        context.height(height);
        context.pix_fmt(AV_PIX_FMT_YUV420P);
        context.time_base(av_make_q(1, 1000));
        context.framerate(av_make_q(fps, 1));
        context.bit_rate(kbps * 1000L);
        context.rc_max_rate(kbps * 1000L);
        // a keyframe only when a viewer needs one: a periodic one would be a periodic burst of delay
        context.gop_size(Integer.MAX_VALUE);
        context.max_b_frames(0);
        // one thread: on two cores, libvpx's second thread waits on capture's and doubled the median encode time
        // at 720p (15 ms against 6.9, measured), and OpenH264 and VP9 were no faster with two
        context.thread_count(1);
        AVDictionary options = new AVDictionary(null);
        try {
            for (Map.Entry<String, String> option : options(codec).entrySet()) {
                av_dict_set(options, option.getKey(), option.getValue(), 0);
            }
            int result = avcodec_open2(context, found, options);
            if (result < 0) {
                close();
                throw new IllegalArgumentException("FFmpeg's " + name + " refused " + width + "x" + height + ": "
                        + error(result));
            }
        } finally {
            av_dict_free(options);
        }
        picture = av_frame_alloc();
        picture.format(AV_PIX_FMT_YUV420P);
        picture.width(width);
        picture.height(height);
        packet = av_packet_alloc();
    }

    private static Map<String, String> options(VideoCodec codec) {
        return switch (codec) {
            case VP8 -> Map.of("deadline", "realtime", "cpu-used", "12", "lag-in-frames", "0", "error-resilient", "1",
                    "static-thresh", "100");
            case VP9 -> Map.of("deadline", "realtime", "cpu-used", "8", "lag-in-frames", "0", "error-resilient", "1");
            case H264 -> Map.of("rc_mode", "bitrate", "allow_skip_frames", "0", "profile", "constrained_baseline");
            case AV1 -> Map.of(); // not among ENCODERS
        };
    }

    public boolean fits(int pictureWidth, int pictureHeight) {
        return pictureWidth == width && pictureHeight == height;
    }

    /**
     * Encodes one picture; the encoder reads it only during the call (FFmpeg copies what it keeps).
     *
     * @param keyframe whether this picture must be a keyframe (a viewer joined, or lost one)
     * @return what came out: nothing, or one encoded picture
     */
    public List<Encoded> encode(I420Buffer i420, boolean keyframe) {
        if (context == null) {
            throw new IllegalStateException("closed");
        }
        try (BytePointer y = new BytePointer(i420.getDataY());
                BytePointer u = new BytePointer(i420.getDataU());
                BytePointer v = new BytePointer(i420.getDataV())) {
            picture.data(0, y).data(1, u).data(2, v);
            picture.linesize(0, i420.getStrideY()).linesize(1, i420.getStrideU()).linesize(2, i420.getStrideV());
            // milliseconds since the encoder began, never repeated (two pictures in one ms get the next)
            long pts = Math.max(lastPts + 1, (System.nanoTime() - startNanos) / 1_000_000);
            lastPts = pts;
            picture.pts(pts);
            picture.pict_type(keyframe ? AV_PICTURE_TYPE_I : AV_PICTURE_TYPE_NONE);
            int sent = avcodec_send_frame(context, picture);
            picture.data(0, null).data(1, null).data(2, null);
            if (sent < 0) {
                throw new IllegalStateException("the " + codec + " encoder refused a picture: " + error(sent));
            }
        }
        List<Encoded> out = new ArrayList<>(1);
        while (true) {
            int received = avcodec_receive_packet(context, packet);
            if (received == AVERROR_EAGAIN()) {
                return out;
            }
            if (received < 0) {
                throw new IllegalStateException("the " + codec + " encoder failed: " + error(received));
            }
            try {
                byte[] data = new byte[packet.size()];
                packet.data().get(data);
                out.add(new Encoded(data, (packet.flags() & AV_PKT_FLAG_KEY) != 0));
            } finally {
                av_packet_unref(packet);
            }
        }
    }

    @Override
    public void close() {
        if (packet != null) {
            av_packet_free(packet);
            packet = null;
        }
        if (picture != null) {
            av_frame_free(picture);
            picture = null;
        }
        if (context != null) {
            avcodec_free_context(context);
            context = null;
        }
    }

    private static String error(int code) {
        byte[] text = new byte[256];
        av_strerror(code, text, text.length);
        return new String(text, 0, indexOfZero(text)).trim();
    }

    private static int indexOfZero(byte[] text) {
        for (int i = 0; i < text.length; i++) {
            if (text[i] == 0) {
                return i;
            }
        }
        return text.length;
    }
}
