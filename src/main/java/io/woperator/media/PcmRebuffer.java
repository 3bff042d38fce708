package io.woperator.media;

import java.nio.ShortBuffer;
import java.util.function.Consumer;

/**
 * Cuts interleaved s16 samples, which arrive in chunks of any size, into 10 ms blocks of little-endian bytes: the
 * unit libwebrtc's audio path works in. The block handed to the consumer is reused for the next one.
 */
public final class PcmRebuffer {
    private final byte[] block;
    private int filled;

    public PcmRebuffer(int sampleRate, int channels) {
        this.block = new byte[sampleRate / 100 * channels * 2];
    }

    public int blockBytes() {
        return block.length;
    }

    public void write(ShortBuffer samples, Consumer<byte[]> onBlock) {
        for (int i = samples.position(); i < samples.limit(); i++) {
            short s = samples.get(i);
            block[filled++] = (byte) s;
            block[filled++] = (byte) (s >> 8);
            if (filled == block.length) {
                onBlock.accept(block);
                filled = 0;
            }
        }
    }
}
