package io.woperator.media;

/** A capture path that runs only while someone watches or listens. */
public interface MediaPipeline {
    void start();

    void stop();

    boolean running();

    /** Someone new joined: what they need at once (a picture, say) is sent soon. */
    default void refresh() {
    }
}
