package io.woperator.signaling;

import io.woperator.desktop.DesktopClipboard;
import io.woperator.desktop.InputInjector;
import io.woperator.desktop.ScreenArea;
import io.woperator.desktop.ScreenResizer;
import io.woperator.rtc.RemoteAudioOutput;
import io.woperator.rtc.RtcEngine;
import io.woperator.session.ViewerRegistry;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * What every viewer's session shares: WebRTC, the registry, the pool its tasks run on, the microphone outputs,
 * and the desktop's input, clipboard and screen size (null when there is no display, or resizing is off).
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
        String natPublicIp) {
}
