package io.woperator.rtc;

/** Where a viewer's microphone goes once decoded: 16-bit little-endian PCM in 10 ms blocks. */
public interface RemoteAudioOutput extends AutoCloseable {

    /** Called on libwebrtc's audio thread: must not block. */
    void write(byte[] pcm, int sampleRate, int channels, int frames);

    @Override
    void close();

    /** Opens an output for one viewer's microphone. */
    @FunctionalInterface
    interface Opener {
        RemoteAudioOutput open(String viewerId) throws Exception;
    }
}
