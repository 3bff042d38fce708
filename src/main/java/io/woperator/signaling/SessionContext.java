package io.woperator.signaling;

import io.woperator.desktop.DesktopClipboard;
import io.woperator.desktop.InputInjector;
import io.woperator.desktop.ScreenArea;
import io.woperator.desktop.ScreenResizer;
import io.woperator.rtc.RemoteAudioOutput;
import io.woperator.rtc.RtcEngine;
import io.woperator.session.CaptureRate;
import io.woperator.session.ViewerRegistry;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * What every viewer's session shares: WebRTC, the registry, the pool its tasks run on, the microphone outputs,
 * the desktop's input, clipboard and screen size (null when there is no display, or resizing is off), the quality a
 * stream starts at, the shared capture rate, how long captured frames lately take to reach the encoder, and a
 * timer for periodic work such as sender statistics.
 */
public record SessionContext(
        RtcEngine rtc,
        ViewerRegistry registry,
        Executor pool,
        MessageCodec codec,
        RemoteAudioOutput.Opener microphones,
        InputInjector input,
        DesktopClipboard clipboard,
        ScreenResizer resizer,
        Supplier<ScreenArea> screenArea,
        String natPublicIp,
        SignalMessage.Quality defaultQuality,
        CaptureRate captureRate,
        DoubleSupplier handOverMillis,
        ScheduledExecutorService timer) {
}
