package io.woperator.rig;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/** A media file as FFmpeg's own tools open it, as a user would: its streams, a picture from it, its sound. */
public final class MediaFile {
    private static final ObjectMapper JSON = new ObjectMapper();

    private MediaFile() {
    }

    /** What ffprobe says of the file: {@code format} and {@code streams}. */
    public static JsonNode probe(Path file) throws IOException, InterruptedException {
        return JSON.readTree(run("ffprobe", "-v", "error", "-print_format", "json", "-show_format", "-show_streams",
                file.toString()));
    }

    /** The first stream of a type (video, audio) in a probe. */
    public static JsonNode stream(JsonNode probe, String type) {
        for (JsonNode stream : probe.get("streams")) {
            if (stream.get("codec_type").asText().equals(type)) {
                return stream;
            }
        }
        throw new AssertionError("no " + type + " stream in " + probe);
    }

    /** The picture {@code seconds} into the file. */
    public static BufferedImage picture(Path file, double seconds) throws IOException, InterruptedException {
        return ImageIO.read(new ByteArrayInputStream(run("ffmpeg", "-v", "error", "-ss", String.valueOf(seconds), "-i",
                file.toString(), "-frames:v", "1", "-f", "image2pipe", "-vcodec", "png", "-")));
    }

    /** A raw I420 picture of the given size, in colours as a player shows them. */
    public static BufferedImage i420Picture(Path file, int width, int height) throws IOException, InterruptedException {
        return ImageIO.read(new ByteArrayInputStream(run("ffmpeg", "-v", "error", "-f", "rawvideo", "-pix_fmt",
                "yuv420p", "-s", width + "x" + height, "-i", file.toString(), "-frames:v", "1", "-f", "image2pipe",
                "-vcodec", "png", "-")));
    }

    /** The picture matches the desktop's blocks (their centres, away from the edges). */
    public static void assertShowsTheDesktop(BufferedImage picture, String what) {
        int width = picture.getWidth();
        int height = picture.getHeight();
        List<String> wrong = new ArrayList<>();
        for (int row = 0; row < DesktopPattern.ROWS; row++) {
            for (int column = 0; column < DesktopPattern.COLUMNS; column++) {
                int x = (int) ((column + 0.5) * width / DesktopPattern.COLUMNS);
                int y = (int) ((row + 0.5) * height / DesktopPattern.ROWS);
                int seen = picture.getRGB(x, y) & 0xFFFFFF;
                if (!DesktopPattern.alike(seen, DesktopPattern.colour(column, row))) {
                    wrong.add(String.format("(%d,%d) %06x not %06x", column, row, seen,
                            DesktopPattern.colour(column, row)));
                }
            }
        }
        assertEquals(List.of(), wrong, "blocks of " + what + " unlike the desktop");
    }

    /** The file's sound, mono 48 kHz, from {@code seconds} on. */
    public static short[] sound(Path file, double seconds) throws IOException, InterruptedException {
        byte[] pcm = run("ffmpeg", "-v", "error", "-ss", String.valueOf(seconds), "-i", file.toString(), "-vn", "-ac",
                "1", "-ar", "48000", "-f", "s16le", "-");
        short[] samples = new short[pcm.length / 2];
        ByteBuffer.wrap(pcm).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(samples);
        return samples;
    }

    /** Runs a command to its end; its output, or an assertion failure when it exits with an error. */
    public static byte[] run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        byte[] out = process.getInputStream().readAllBytes();
        assertEquals(0, process.waitFor(), String.join(" ", command));
        return out;
    }
}
