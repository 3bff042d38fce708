package io.woperator.rig;

/**
 * The grid of coloured blocks that {@link TestDesktop} paints over the whole screen, and that the tests expect to
 * find in the decoded video. Every block differs strongly from its right-hand neighbour, so content shifted by a
 * block does not match.
 */
public final class DesktopPattern {
    public static final int COLUMNS = 8;
    public static final int ROWS = 4;
    private static final int[] PALETTE = {
        0xE02020, 0x20C040, 0x2040E0, 0xF0E020, 0x20D0E0, 0xD020D0, 0xF0F0F0, 0x404040,
    };

    private DesktopPattern() {
    }

    /** The colour of block (column, row), as 0xRRGGBB. */
    public static int colour(int column, int row) {
        return PALETTE[Math.floorMod(column + 3 * row, PALETTE.length)];
    }

    /** The colour expected at pixel (x, y) of a width × height screen. */
    public static int colourAt(int x, int y, int width, int height) {
        return colour(Math.min(COLUMNS - 1, x * COLUMNS / width), Math.min(ROWS - 1, y * ROWS / height));
    }

    /** Whether two colours are alike after encoding and decoding: within 40 levels in each channel. */
    public static boolean alike(int a, int b) {
        return alike(a, b, 40);
    }

    /** Whether two 0xRRGGBB colours differ by at most {@code tolerance} levels in each channel. */
    public static boolean alike(int a, int b, int tolerance) {
        for (int shift = 0; shift <= 16; shift += 8) {
            if (Math.abs(((a >> shift) & 0xFF) - ((b >> shift) & 0xFF)) > tolerance) {
                return false;
            }
        }
        return true;
    }
}
