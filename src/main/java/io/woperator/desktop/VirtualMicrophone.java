package io.woperator.desktop;

import io.woperator.capture.CaptureException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A microphone on the desktop that viewers speak into. PulseAudio gets a null sink, {@code NAME_sink}, that the
 * viewers' sound is played into, and a source, {@code NAME}, remapped from its monitor, that applications
 * record from like any microphone. Both are created when missing (again after PulseAudio restarts).
 */
public final class VirtualMicrophone {

    private static final Logger LOG = LoggerFactory.getLogger(VirtualMicrophone.class);

    private final String source;
    private final String sink;
    private boolean announced;

    public VirtualMicrophone(String source) {
        this.source = source;
        this.sink = source + "_sink";
    }

    public String sourceName() {
        return source;
    }

    /** Creates the sink and source in PulseAudio if they are not there yet. */
    public synchronized void ensure() throws CaptureException {
        if (!listShort("sinks").contains(sink)) {
            pactl("load-module", "module-null-sink", "sink_name=" + sink,
                    "sink_properties=device.description=Woperator-viewers");
        }
        if (!listShort("sources").contains(source)) {
            pactl("load-module", "module-remap-source", "master=" + sink + ".monitor", "source_name=" + source,
                    "source_properties=device.description=Woperator-microphone");
        }
        if (!announced) {
            announced = true;
            LOG.info("Virtual microphone ready: applications can record from the PulseAudio source '{}'", source);
        }
    }

    /** A stream into the microphone for one viewer; several viewers' streams are mixed by PulseAudio. */
    public MicrophoneStream open(String viewerId) throws CaptureException {
        ensure();
        return MicrophoneStream.open(sink, viewerId);
    }

    private List<String> listShort(String what) throws CaptureException {
        List<String> names = new ArrayList<>();
        for (String line : pactl("list", "short", what).split("\n")) {
            String[] fields = line.split("\t");
            if (fields.length > 1) {
                names.add(fields[1]);
            }
        }
        return names;
    }

    private static String pactl(String... args) throws CaptureException {
        List<String> command = new ArrayList<>(List.of("pactl"));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new CaptureException("pactl did not answer within 5 s");
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new CaptureException("pactl " + String.join(" ", args) + " failed: " + output.trim());
            }
            return output;
        } catch (IOException e) {
            throw new CaptureException("cannot run pactl (install pulseaudio-utils): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CaptureException("interrupted while running pactl", e);
        }
    }
}
