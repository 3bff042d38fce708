package io.woperator.media;

import io.woperator.capture.CapturedFrame;

/**
 * Something that takes a copy of what a stream captures, besides its viewers (a recording): called on the capture
 * threads, so it copies what it needs and returns at once, never waiting.
 */
public interface MediaTap {

    /** A picture as captured; its pixels are valid only during the call. */
    void picture(CapturedFrame frame);

    /** 10 ms of sound, 48 kHz, interleaved 16-bit little-endian stereo; valid only during the call. */
    void sound(byte[] block);
}
