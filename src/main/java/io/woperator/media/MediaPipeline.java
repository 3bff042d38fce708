package io.woperator.media;

/** A capture path that runs only while someone watches or listens. */
public interface MediaPipeline {
    void start();

    void stop();

    boolean running();
}
