package io.woperator.config;

/**
 * How one stream's picture is encoded, settled once when the stream is made and read by every encoder that sends
 * it: RTP's (viewers, WHEP players, Janus, WHIP) and the server's own for the data channel.
 *
 * @param codec    the codec preferred
 * @param bitrates the bitrates, in kbit/s
 * @param fps      the most pictures a second: the stream's own rate
 * @param scale    how many times smaller than captured the picture is sent (1: full size)
 */
public record Encoding(VideoCodec codec, Settings.Bitrates bitrates, int fps, double scale) {
    public Encoding {
        if (codec == null || bitrates == null || fps < 1 || scale < 1) {
            throw new IllegalArgumentException("an encoding needs a codec, bitrates, fps >= 1 and scale >= 1");
        }
    }

    /** The same at another frame rate: a stream's own. */
    public Encoding withFps(int other) {
        return new Encoding(codec, bitrates, other, scale);
    }
}
