package io.woperator.capture;

import java.nio.ByteBuffer;

/**
 * A picture's rows copied tight, as libyuv's direct-buffer path needs them (it ignores strides), into a buffer
 * kept while the size stays; a picture already packed in a direct buffer is passed through.
 */
final class PackedRows {

    private ByteBuffer packed;

    /** The {@code width}×{@code height} 4-byte pixels of {@code image}, whose rows are {@code strideBytes} apart. */
    ByteBuffer of(ByteBuffer image, int strideBytes, int width, int height) {
        int rowBytes = width * 4;
        if (strideBytes == rowBytes && image.isDirect()) {
            return image.position(0).limit(rowBytes * height);
        }
        if (packed == null || packed.capacity() != rowBytes * height) {
            packed = ByteBuffer.allocateDirect(rowBytes * height);
        }
        for (int y = 0; y < height; y++) {
            packed.put(y * rowBytes, image, y * strideBytes, rowBytes);
        }
        return packed.position(0).limit(rowBytes * height);
    }
}
