package io.woperator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.woperator.rig.Browser;
import io.woperator.rig.PulseAudioServer;
import io.woperator.rig.Tone;
import io.woperator.rig.Wait;
import io.woperator.rig.WoperatorServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Sound both ways with a real PulseAudio: a tone played on the desktop is heard in Chromium at its pitch and
 * level, also as a stream of sound only; Chromium's microphone is recorded from the desktop's virtual microphone; PulseAudio dying and coming
 * back costs the video nothing and the sound returns by itself.
 */
class AudioIT {
    private static final double TONE_HZ = 440;
    private static final double TONE_AMPLITUDE = 0.5;
    private static final double TONE_RMS = TONE_AMPLITUDE / Math.sqrt(2);

    @RegisterExtension
    final PulseAudioServer pulse = PulseAudioServer.perTest();

    @Test
    void aToneOnTheDesktopIsHeardInTheBrowserAtItsPitchAndLevel() throws Exception {
        pulse.playTone(TONE_HZ, TONE_AMPLITUDE, 60);
        try (WoperatorServer server = WoperatorServer.start(WoperatorServer.freePort(), null, pulse.clientEnvironment());
                Browser browser = Browser.start()) {
            browser.open(server.url());
            awaitFrames(browser);
            awaitTone(browser);
            // the window that first hears the tone may begin before the sound did: the level is read from the next
            Browser.ToneMeasurement tone = browser.measureTone();
            System.out.printf("desktop tone in the browser: %.1f Hz, %.1f dB against what was played%n",
                    tone.frequency(), tone.decibelsAgainst(TONE_RMS));
            assertEquals(TONE_HZ, tone.frequency(), 5, "pitch");
            assertEquals(0, tone.decibelsAgainst(TONE_RMS), 3, "level, in dB");
            browser.showControls();
            assertTrue(browser.visible("sound-toggle") && browser.visible("volume"),
                    "the viewer offers sound controls");
        }
    }

    @Test
    void aStreamOfSoundOnlyIsHeardWithoutAPicture() throws Exception {
        pulse.playTone(TONE_HZ, TONE_AMPLITUDE, 60);
        try (WoperatorServer server = WoperatorServer.start(WoperatorServer.freePort(), null, pulse.clientEnvironment(),
                "--stream", "id=radio,kind=pulse,description=Desktop radio");
                Browser browser = Browser.start()) {
            browser.open(server.url() + "?stream=radio");
            Browser.ToneMeasurement tone = awaitTone(browser);
            assertEquals(TONE_HZ, tone.frequency(), 5, "pitch");
            assertTrue(browser.visible("sound-only"), "the page says there is no picture");
            assertEquals("Desktop radio: sound only", browser.text("sound-only"));
            // the page's own element plays it, not only WebAudio
            double before = ((Number) browser.script("return document.getElementById('screen').currentTime;"))
                    .doubleValue();
            assertTrue(Wait.until(Duration.ofSeconds(5), () -> ((Number) browser.script(
                    "return document.getElementById('screen').currentTime;")).doubleValue() > before + 1),
                    "the viewer's element does not play the sound");
            assertEquals(0, browser.videoStats().framesDecoded(), "no picture is sent");
        }
    }

    @Test
    void theBrowsersMicrophoneReachesTheDesktopAndStopsWhenTurnedOff() throws Exception {
        Path wav = Files.createTempFile("woperator-mic-", ".wav");
        Tone.writeMonoWav(wav, 880, 0.5, 30, 48_000);
        try (WoperatorServer server = WoperatorServer.start(WoperatorServer.freePort(), null, pulse.clientEnvironment());
                Browser browser = Browser.start("--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                        "--use-file-for-fake-audio-capture=" + wav)) {
            assertTrue(server.awaitLog("Virtual microphone ready"), "the virtual microphone must be created at start");
            browser.open(server.url());
            awaitFrames(browser);
            assertTrue(Wait.until(Duration.ofSeconds(5), () -> browser.visible("mic-toggle")));
            browser.click("mic-toggle");
            assertTrue(Wait.until(Duration.ofSeconds(10), () -> server.logContains("turned its microphone on")));

            short[] heard = pulse.record("woperator_mic", Duration.ofSeconds(3));
            short[] lastSecond = Arrays.copyOfRange(heard, Math.max(0, heard.length - 48_000), heard.length);
            double frequency = Tone.dominantFrequency(lastSecond, 48_000);
            System.out.printf("browser microphone on the desktop: %.1f Hz, RMS %.3f%n", frequency, Tone.rms(lastSecond));
            assertEquals(880, frequency, 5, "pitch recorded from the virtual microphone");
            // The viewer asks for noise suppression and gain control, which damp a steady tone: no level check
            // here, only that it is clearly there compared with the silence below.
            double heardRms = Tone.rms(lastSecond);

            browser.click("mic-toggle");
            assertTrue(Wait.until(Duration.ofSeconds(10), () -> server.logContains("turned its microphone off")));
            short[] after = pulse.record("woperator_mic", Duration.ofSeconds(2));
            double quiet = Tone.rms(Arrays.copyOfRange(after, after.length / 2, after.length));
            System.out.printf("virtual microphone RMS: %.4f while on, %.5f after turning it off%n", heardRms, quiet);
            assertTrue(heardRms > 0.01 && heardRms > 20 * quiet,
                    "the microphone must stand clearly above the silence after it: " + heardRms + " vs " + quiet);
            assertTrue(quiet < 0.005, "after turning it off the microphone must be silent, RMS " + quiet);
        }
    }

    @Test
    void soundComesBackByItselfAfterPulseAudioDiesAndVideoNeverStops() throws Exception {
        pulse.playTone(TONE_HZ, TONE_AMPLITUDE, 60);
        try (WoperatorServer server = WoperatorServer.start(WoperatorServer.freePort(), null, pulse.clientEnvironment());
                Browser browser = Browser.start()) {
            browser.open(server.url());
            awaitFrames(browser);
            awaitTone(browser);

            pulse.kill();
            assertTrue(Wait.until(Duration.ofSeconds(10), () -> browser.notices().stream()
                    .anyMatch(n -> n.startsWith("No sound from the desktop"))),
                    () -> "the viewer must say that there is no sound from the desktop; it shows " + browser.notices()
                            + ", its state has audio " + browser.script(
                                    "return JSON.stringify(window.woperator.connection.state.audio);")
                            + ", the server said " + server.log().stream().filter(line -> line.contains("Audio")
                                    || line.contains("sound")).toList());
            long frames = browser.videoStats().framesDecoded();
            assertTrue(Wait.until(Duration.ofSeconds(5), () -> browser.videoStats().framesDecoded() > frames + 60),
                    "video must keep streaming without PulseAudio");
            assertTrue(server.awaitLog("No sound from the desktop"), "the server must say so in its log");

            pulse.restart();
            pulse.playTone(TONE_HZ, TONE_AMPLITUDE, 60);
            Browser.ToneMeasurement tone = awaitTone(browser);
            assertEquals(TONE_HZ, tone.frequency(), 5);
            assertTrue(Wait.until(Duration.ofSeconds(5), () -> browser.notices().stream()
                    .noneMatch(n -> n.startsWith("No sound from the desktop"))), "no sound said once it is back");
            assertEquals(1L, ((Number) browser.script("return window.woperator.connection.liveCount;")).longValue(),
                    "sound must come back without a reconnection");
        }
    }

    private static void awaitFrames(Browser browser) throws InterruptedException {
        assertTrue(Wait.until(Duration.ofSeconds(20), () -> browser.videoStats().framesDecoded() > 0),
                "no frame was decoded within 20 s");
    }

    /** Listens until the tone is there (pitch within 5 Hz and a clear level), for up to 15 s. */
    private static Browser.ToneMeasurement awaitTone(Browser browser) throws InterruptedException {
        Browser.ToneMeasurement[] last = {null};
        boolean heard = Wait.until(Duration.ofSeconds(15), () -> {
            last[0] = browser.measureTone();
            return Math.abs(last[0].frequency() - TONE_HZ) < 5 && last[0].rms() > TONE_RMS / 4;
        });
        assertTrue(heard, "the desktop's tone was not heard in the browser; last measured " + last[0]);
        return last[0];
    }
}
