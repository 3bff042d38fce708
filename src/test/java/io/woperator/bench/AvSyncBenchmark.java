package io.woperator.bench;

import io.woperator.rig.Browser;
import io.woperator.rig.PulseAudioServer;
import io.woperator.rig.TestDesktopProcess;
import io.woperator.rig.Wait;
import io.woperator.rig.WoperatorServer;
import io.woperator.rig.XvfbDisplay;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A/V sync as the browser plays it: the desktop flashes white and clicks at the same instant once a second; in
 * headless Chromium, requestVideoFrameCallback finds the first white frame (its expected display time) and an
 * AudioWorklet finds the click's first loud sample (mapped to when it is output, through getOutputTimestamp). The
 * offset is audio minus video: positive means the sound comes late. The desktop side's own PulseAudio latency
 * (pacat, about 10 ms) is part of what is measured, as it is for any desktop application.
 *
 * <p>Run with {@code bench/run.sh avsync [seconds=20]}.
 */
public final class AvSyncBenchmark {

    private static final String DETECTORS = """
            const done = arguments[arguments.length - 1];
            const video = document.getElementById('screen');
            const found = window.__av = { video: [], audio: [] };
            const canvas = document.createElement('canvas');
            canvas.width = 8; canvas.height = 8;
            const g = canvas.getContext('2d', { willReadFrequently: true });
            let bright = false;
            const onFrame = (now, meta) => {
              g.drawImage(video, 0, 0, 8, 8);
              const isBright = g.getImageData(4, 4, 1, 1).data[0] > 128;
              if (isBright && !bright) found.video.push(meta.expectedDisplayTime);
              bright = isBright;
              video.requestVideoFrameCallback(onFrame);
            };
            video.requestVideoFrameCallback(onFrame);
            const worklet = `class Onset extends AudioWorkletProcessor {
              constructor() { super(); this.loud = false; this.quiet = 0; }
              process(inputs) {
                const samples = inputs[0][0];
                if (samples) for (let i = 0; i < samples.length; i++) {
                  const a = Math.abs(samples[i]);
                  if (!this.loud && a > 0.2) { this.loud = true; this.port.postMessage(currentTime + i / sampleRate); }
                  if (a > 0.05) this.quiet = 0; else if (++this.quiet > 9600) this.loud = false;
                }
                return true;
              }
            }
            registerProcessor('onset', Onset);`;
            const ctx = new AudioContext({ sampleRate: 48000 });
            ctx.resume()
              .then(() => ctx.audioWorklet.addModule(URL.createObjectURL(new Blob([worklet], { type: 'text/javascript' }))))
              .then(() => {
                const node = new AudioWorkletNode(ctx, 'onset');
                const mute = ctx.createGain();
                mute.gain.value = 0;
                ctx.createMediaStreamSource(video.srcObject).connect(node).connect(mute).connect(ctx.destination);
                node.port.onmessage = ({ data: contextTime }) => {
                  const stamp = ctx.getOutputTimestamp();
                  found.audio.push(stamp.performanceTime + (contextTime - stamp.contextTime) * 1000);
                };
                done(true);
              })
              .catch((e) => done(String(e)));
            """;

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        try (PulseAudioServer pulse = PulseAudioServer.start();
                XvfbDisplay display = XvfbDisplay.start(640, 360);
                TestDesktopProcess desktop = TestDesktopProcess.start(display.name(), "flash", 30,
                        pulse.clientEnvironment());
                WoperatorServer server = WoperatorServer.start(WoperatorServer.freePort(), display.name(),
                        pulse.clientEnvironment(), "--no-resize", "--log-level", "warn");
                Browser browser = Browser.start()) {
            browser.open(server.url());
            if (!Wait.until(Duration.ofSeconds(20), () -> browser.videoStats().framesDecoded() > 30)) {
                throw new IllegalStateException("no video");
            }
            Object ready = browser.asyncScript(DETECTORS);
            if (!Boolean.TRUE.equals(ready)) {
                throw new IllegalStateException("could not install the detectors: " + ready);
            }
            Thread.sleep(seconds * 1000L); // the measurement window
            @SuppressWarnings("unchecked")
            Map<String, List<Number>> found = (Map<String, List<Number>>) browser.script("return window.__av;");
            double timeOrigin = ((Number) browser.script("return performance.timeOrigin;")).doubleValue();
            List<Double> flashes = desktop.output().stream().filter(l -> l.startsWith("FLASH "))
                    .map(l -> Double.parseDouble(l.substring(6))).toList();
            report(flashes, toEpoch(found.get("video"), timeOrigin), toEpoch(found.get("audio"), timeOrigin), seconds);
        }
    }

    private static List<Double> toEpoch(List<Number> pageTimes, double timeOrigin) {
        return pageTimes.stream().map(t -> timeOrigin + t.doubleValue()).toList();
    }

    /** For each flash, the first white frame and the first click after it, within 1 s. */
    private static void report(List<Double> flashes, List<Double> video, List<Double> audio, int seconds) {
        List<Double> videoLatency = new ArrayList<>();
        List<Double> audioLatency = new ArrayList<>();
        List<Double> offsets = new ArrayList<>();
        for (double flash : flashes) {
            Double v = firstAfter(video, flash);
            Double a = firstAfter(audio, flash);
            if (v != null) {
                videoLatency.add(v - flash);
            }
            if (a != null) {
                audioLatency.add(a - flash);
            }
            if (v != null && a != null) {
                offsets.add(a - v);
            }
        }
        System.out.printf(Locale.ROOT, "A/V sync over %d s: %d flashes, %d seen, %d heard%n",
                seconds, flashes.size(), videoLatency.size(), audioLatency.size());
        System.out.println("  flash on the desktop -> white frame displayed, ms: " + summary(videoLatency));
        System.out.println("  click on the desktop -> click played, ms:          " + summary(audioLatency));
        System.out.println("  audio minus video, ms (positive: sound late):      " + summary(offsets));
    }

    private static Double firstAfter(List<Double> times, double start) {
        return times.stream().filter(t -> t >= start && t < start + 1000).findFirst().orElse(null);
    }

    private static String summary(List<Double> values) {
        if (values.isEmpty()) {
            return "none";
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return String.format(Locale.ROOT, "median %.0f, min %.0f, max %.0f (n=%d)",
                sorted.get(sorted.size() / 2), sorted.get(0), sorted.get(sorted.size() - 1), sorted.size());
    }
}
