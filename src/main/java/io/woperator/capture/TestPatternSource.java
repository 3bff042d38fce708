package io.woperator.capture;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/**
 * Colour bars with a block that sweeps across and a running clock, generated at a steady frame rate. Streamed
 * when there is no display, so a viewer still sees that frames are live.
 */
public final class TestPatternSource implements FrameSource {

    /** Top two thirds: white, yellow, cyan, green, magenta, red, blue (75 % bars), as 0xRRGGBB. */
    static final int[] BARS = {0xBFBFBF, 0xBFBF00, 0x00BFBF, 0x00BF00, 0xBF00BF, 0xBF0000, 0x0000BF};
    private static final int BAND_COLOUR = 0x101010;
    private static final int INK = 0xFFFFFF;
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SS");

    /** 5x7 glyphs for the clock, one string of 35 '#'/'.' per character. */
    private static final String GLYPHS = "0123456789:.";
    private static final String[] FONT = {
        ".###.#...##..###.#.###..##...#.###.", "..#...##....#....#....#....#...###.",
        ".###.#...#....#...#...#...#...#####", "####.....#....#.###.....#....#####.",
        "...#...##..#.#.#..#.#####...#....#.", "######....####.....#....#....#####.",
        ".###.#....#....####.#...##...#.###.", "#####....#...#...#...#....#....#...",
        ".###.#...##...#.###.#...##...#.###.", ".###.#...##...#.####....#....#.###.",
        ".......#....#.........#....#.......", "...........................##...##.",
    };

    private final int width;
    private final int height;
    private final Pacer pacer;
    private final ByteBuffer background;
    private final ByteBuffer frame;
    private final int bandTop;
    private long frameCount;

    public TestPatternSource(int width, int height, int fps) {
        this.width = width;
        this.height = height;
        this.pacer = new Pacer(fps);
        this.background = ByteBuffer.allocateDirect(width * height * 4).order(ByteOrder.LITTLE_ENDIAN);
        this.frame = ByteBuffer.allocateDirect(width * height * 4).order(ByteOrder.LITTLE_ENDIAN);
        this.bandTop = height * 2 / 3;
        paintBackground();
    }

    @Override
    public CapturedFrame grab() throws CaptureException {
        if (!pacer.awaitNextFrame()) {
            throw new CaptureException("interrupted while waiting for the next test-pattern frame");
        }
        frame.clear();
        background.clear();
        frame.put(background);
        paintFrame(frameCount++, LocalTime.now());
        frame.clear();
        return new CapturedFrame(frame, width, height);
    }

    @Override
    public long framesLate() {
        return pacer.framesLate();
    }

    @Override
    public String describe() {
        return "test pattern " + width + "x" + height;
    }

    @Override
    public void close() {
        // direct buffers are freed with this object
    }

    private void paintBackground() {
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int rgb = y < bandTop ? BARS[x * BARS.length / width] : BAND_COLOUR;
                background.putInt((y * width + x) * 4, toBgrx(rgb));
            }
        }
    }

    private void paintFrame(long n, LocalTime time) {
        int bandHeight = height - bandTop;
        int block = Math.max(4, bandHeight / 3);
        int travel = Math.max(1, width - block);
        long position = (n * 8) % (2L * travel);
        int x = (int) (position < travel ? position : 2L * travel - position);
        fill(x, bandTop + (bandHeight - block) / 2, block, block, INK);

        String clock = CLOCK.format(time);
        int scale = Math.max(1, bandHeight / 40);
        int textWidth = clock.length() * 6 * scale;
        drawText(clock, Math.max(0, (width - textWidth) / 2), bandTop + scale * 2, scale);
    }

    private void drawText(String text, int left, int top, int scale) {
        for (int i = 0; i < text.length(); i++) {
            int glyph = GLYPHS.indexOf(text.charAt(i));
            if (glyph < 0) {
                continue;
            }
            String bits = FONT[glyph];
            for (int row = 0; row < 7; row++) {
                for (int col = 0; col < 5; col++) {
                    if (bits.charAt(row * 5 + col) == '#') {
                        fill(left + (i * 6 + col) * scale, top + row * scale, scale, scale, INK);
                    }
                }
            }
        }
    }

    private void fill(int left, int top, int w, int h, int rgb) {
        int pixel = toBgrx(rgb);
        int right = Math.min(width, left + w);
        int bottom = Math.min(height, top + h);
        for (int y = Math.max(0, top); y < bottom; y++) {
            for (int x = Math.max(0, left); x < right; x++) {
                frame.putInt((y * width + x) * 4, pixel);
            }
        }
    }

    /** 0xRRGGBB to the little-endian int whose bytes are B, G, R, 0xFF. */
    private static int toBgrx(int rgb) {
        return 0xFF000000 | rgb;
    }
}
