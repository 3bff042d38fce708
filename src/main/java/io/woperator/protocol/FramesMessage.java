package io.woperator.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * The text messages of the data channel "frames", both ways, on which a viewer can take the stream's pictures
 * outside RTP, each shown the moment it arrives:
 * <pre>
 *   viewer → server:  start {codec}, keyframe, stop
 *   server → viewer:  refused {reason}
 * </pre>
 * The pictures themselves go to the viewer as binary messages, each picture in one or more pieces; every piece
 * starts with 12 bytes (big-endian): flags (1: keyframe, 2: the picture's last piece), codec (0 VP8, 1 VP9,
 * 2 H.264), two bytes of zero, the picture's number, its whole size in bytes. H.264 comes as Annex B.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = FramesMessage.Start.class, name = "start"),
    @JsonSubTypes.Type(value = FramesMessage.Keyframe.class, name = "keyframe"),
    @JsonSubTypes.Type(value = FramesMessage.Stop.class, name = "stop"),
    @JsonSubTypes.Type(value = FramesMessage.Refused.class, name = "refused"),
})
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface FramesMessage permits FramesMessage.FromViewer, FramesMessage.Refused {

    /** What a viewer says on the channel. */
    sealed interface FromViewer extends FramesMessage permits Start, Keyframe, Stop {
        /** Goes to the method of its kind in {@code handler}. */
        void handledBy(Handler handler);

        /** Handles what a viewer says: one method per kind, so a new one is a compile error until handled. */
        interface Handler {
            void start(Start message);

            void keyframe(Keyframe message);

            void stop(Stop message);
        }
    }

    /**
     * Send me the pictures on this channel instead of RTP, in {@code codec} ("VP8", "VP9", "H264"; null: the
     * server's preferred one); sent again to change the codec.
     */
    record Start(String codec) implements FromViewer {
        @Override
        public void handledBy(Handler handler) {
            handler.start(this);
        }
    }

    /** My decoder needs a keyframe (it lost one, or started again). */
    record Keyframe() implements FromViewer {
        @Override
        public void handledBy(Handler handler) {
            handler.keyframe(this);
        }
    }

    /** Back to RTP: this browser cannot show these pictures. */
    record Stop() implements FromViewer {
        @Override
        public void handledBy(Handler handler) {
            handler.stop(this);
        }
    }

    /**
     * The pictures cannot come this way (the codec cannot be encoded here, or the viewer's link filled up again and
     * again): they go by RTP again.
     */
    record Refused(String reason) implements FramesMessage {
    }
}
