package io.woperator.protocol;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A rectangle of the screen to capture, written WxH+X+Y as in X11 geometry strings. */
public record Region(int width, int height, int x, int y) {

    private static final Pattern GEOMETRY = Pattern.compile("(\\d+)x(\\d+)\\+(\\d+)\\+(\\d+)");

    public Region {
        if (width < 2 || height < 2 || x < 0 || y < 0) {
            throw new IllegalArgumentException("region must be at least 2x2 with non-negative offsets");
        }
    }

    public static Region parse(String text) {
        Matcher m = GEOMETRY.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("region '" + text + "' is not of the form WIDTHxHEIGHT+X+Y, e.g. 1280x720+0+0");
        }
        return new Region(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)));
    }

    @Override
    public String toString() {
        return width + "x" + height + "+" + x + "+" + y;
    }
}
