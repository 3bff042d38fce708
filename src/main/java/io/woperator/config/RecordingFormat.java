package io.woperator.config;

import java.util.Locale;

/** What a recording is written as: MP4 (H.264 and AAC) or WebM (VP8 and Opus), with FFmpeg's encoders. */
public enum RecordingFormat {
    MP4("mp4", "libopenh264", "aac"),
    WEBM("webm", "libvpx", "libopus");

    private final String extension;
    private final String videoEncoder;
    private final String audioEncoder;

    RecordingFormat(String extension, String videoEncoder, String audioEncoder) {
        this.extension = extension;
        this.videoEncoder = videoEncoder;
        this.audioEncoder = audioEncoder;
    }

    /** The file extension, which is also FFmpeg's name for the container. */
    public String extension() {
        return extension;
    }

    public String videoEncoder() {
        return videoEncoder;
    }

    public String audioEncoder() {
        return audioEncoder;
    }

    /** @throws IllegalArgumentException for anything but webm or mp4 */
    public static RecordingFormat parse(String name) {
        for (RecordingFormat format : values()) {
            if (format.extension.equals(name.trim().toLowerCase(Locale.ROOT))) {
                return format;
            }
        }
        throw new IllegalArgumentException("recording format '" + name + "' is not webm or mp4");
    }
}
