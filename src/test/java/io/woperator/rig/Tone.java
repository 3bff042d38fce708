package io.woperator.rig;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Sine tones to send, and the measurements that find them again in what arrives. */
public final class Tone {
    private Tone() {
    }

    /** Interleaved stereo s16le. */
    public static byte[] stereoPcm(double frequency, double amplitude, int seconds, int rate) {
        ByteBuffer out = ByteBuffer.allocate(rate * seconds * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < rate * seconds; i++) {
            short s = (short) Math.round(amplitude * 32767 * Math.sin(2 * Math.PI * frequency * i / rate));
            out.putShort(s).putShort(s);
        }
        return out.array();
    }

    /** A mono 16-bit WAV file, as Chromium's fake audio capture device reads it. */
    public static void writeMonoWav(Path file, double frequency, double amplitude, int seconds, int rate)
            throws IOException {
        int samples = rate * seconds;
        ByteBuffer data = ByteBuffer.allocate(44 + samples * 2).order(ByteOrder.LITTLE_ENDIAN);
        data.put("RIFF".getBytes()).putInt(36 + samples * 2).put("WAVE".getBytes());
        data.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(rate).putInt(rate * 2)
                .putShort((short) 2).putShort((short) 16);
        data.put("data".getBytes()).putInt(samples * 2);
        for (int i = 0; i < samples; i++) {
            data.putShort((short) Math.round(amplitude * 32767 * Math.sin(2 * Math.PI * frequency * i / rate)));
        }
        Files.write(file, data.array());
    }

    public static double rms(short[] samples) {
        double sum = 0;
        for (short s : samples) {
            sum += (s / 32768.0) * (s / 32768.0);
        }
        return samples.length == 0 ? 0 : Math.sqrt(sum / samples.length);
    }

    /** The strongest frequency between 50 Hz and 4 kHz, to within about 1 Hz (DFT scan, then refine). */
    public static double dominantFrequency(short[] samples, int rate) {
        double best = 0;
        double bestPower = -1;
        for (double f = 50; f <= 4000; f += 5) {
            double p = power(samples, rate, f);
            if (p > bestPower) {
                bestPower = p;
                best = f;
            }
        }
        double centre = best;
        for (double f = centre - 5; f <= centre + 5; f += 0.25) {
            double p = power(samples, rate, f);
            if (p > bestPower) {
                bestPower = p;
                best = f;
            }
        }
        return best;
    }

    /** Goertzel power at one frequency. */
    private static double power(short[] samples, int rate, double frequency) {
        double coefficient = 2 * Math.cos(2 * Math.PI * frequency / rate);
        double s1 = 0;
        double s2 = 0;
        for (short sample : samples) {
            double s0 = sample + coefficient * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        return s1 * s1 + s2 * s2 - coefficient * s1 * s2;
    }
}
