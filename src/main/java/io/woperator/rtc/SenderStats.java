package io.woperator.rtc;

/**
 * What one viewer's video encoder is doing, from libwebrtc's outbound-rtp statistics: the bitrate congestion
 * control aims at, frames per second sent, the size sent, encode time per frame since the last reading, why
 * quality is held back ("none", "bandwidth", "cpu", "other"), the video bytes and keyframes sent so far (on RTP
 * and on the data channel "frames"); and from what the viewer reports back (remote-inbound-rtp): the round trip
 * (null until known) and packets lost so far.
 */
public record SenderStats(double targetKbps, double fps, int width, int height, double encodeMs, String limitation,
        String encoder, long bytesSent, long keyFrames, Double roundTripSeconds, long packetsLost) {
}
