package io.woperator.capture;

import java.nio.ShortBuffer;

/** A source of sound: interleaved signed 16-bit samples at a fixed rate and channel count. */
public interface PcmSource extends AutoCloseable {

    int SAMPLE_RATE = 48_000;
    int CHANNELS = 2;

    /** Waits for the next chunk (any length) and returns it; valid until the next call. */
    ShortBuffer read() throws CaptureException;

    String describe();

    @Override
    void close();
}
