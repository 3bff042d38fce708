package io.woperator.signaling;

import io.woperator.access.UploadPermits;
import io.woperator.platform.LogBudget;
import io.woperator.protocol.ViewerMessage;
import io.woperator.rtc.RemoteAudioOutput;
import io.woperator.rtc.RtcEngine;
import io.woperator.stream.ViewerPeers;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What every viewer's session shares, whatever stream it watches: WebRTC, the pool its tasks run on, the codec,
 * the microphone outputs, the address put into host candidates behind a 1:1 NAT (or null), a timer for periodic
 * work such as sender statistics, the quality a stream starts at (its frame rate is the stream's own), who
 * may upload files, how many bad messages are logged one by one, and how a viewer's peer connection is made (its
 * own, or through the Janus that pictures fan out through with {@code --fanout janus}).
 */
public record SessionContext(
        RtcEngine rtc,
        Executor pool,
        MessageCodec codec,
        RemoteAudioOutput.Opener microphones,
        String natPublicIp,
        ScheduledExecutorService timer,
        ViewerMessage.Quality defaultQuality,
        UploadPermits uploads,
        LogBudget badMessages,
        ViewerPeers peers) {
}
