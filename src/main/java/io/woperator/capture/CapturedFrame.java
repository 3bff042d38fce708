package io.woperator.capture;

import java.nio.ByteBuffer;

/**
 * One captured picture: packed 32-bit pixels, bytes B,G,R,X in memory (libyuv's "ARGB"), rows without padding.
 * The buffer belongs to the source and is valid until its next {@code grab()}.
 */
public record CapturedFrame(ByteBuffer pixels, int width, int height) {
}
