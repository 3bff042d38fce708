package io.woperator.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/** A PNG of benchmark results: CPU per frame for every tool, and glass-to-glass latency where it was measured. */
final class BenchmarkChart {

    /** One bar: its group (a configuration), its label, and its two figures (NaN: not measured). */
    record Bar(String group, String label, double cpuMsPerFrame, double latencyMs) {
    }

    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
        new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b)};

    private BenchmarkChart() {
    }

    static void write(Path file, List<Bar> bars) throws IOException {
        Map<String, List<Bar>> groups = new LinkedHashMap<>();
        bars.forEach(b -> groups.computeIfAbsent(b.group(), g -> new java.util.ArrayList<>()).add(b));
        List<String> labels = bars.stream().map(Bar::label).distinct().toList();
        int width = 1200;
        int panel = 320;
        BufferedImage image = new BufferedImage(width, 2 * panel + 120, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        panel(g, "Server CPU per delivered frame (ms, lower is better)", groups, labels, 40, panel, Bar::cpuMsPerFrame);
        panel(g, "Glass-to-glass latency, median (ms, lower is better)", groups, labels, 40 + panel + 20, panel,
                Bar::latencyMs);
        int x = 60;
        for (int i = 0; i < labels.size(); i++) {
            g.setColor(PALETTE[i % PALETTE.length]);
            g.fillRect(x, image.getHeight() - 40, 14, 14);
            g.setColor(Color.BLACK);
            g.drawString(labels.get(i), x + 20, image.getHeight() - 28);
            x += 30 + g.getFontMetrics().stringWidth(labels.get(i)) + 20;
        }
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }

    private static void panel(Graphics2D g, String title, Map<String, List<Bar>> groups, List<String> labels, int top,
            int height, java.util.function.ToDoubleFunction<Bar> figure) {
        double max = groups.values().stream().flatMap(List::stream).mapToDouble(figure).filter(v -> !Double.isNaN(v))
                .max().orElse(1);
        int left = 60;
        int right = 1160;
        int bottom = top + height - 30;
        int plotTop = top + 25;
        g.setColor(Color.BLACK);
        g.drawString(title, left, top + 12);
        g.setStroke(new BasicStroke(1));
        g.drawLine(left, bottom, right, bottom);
        int groupWidth = (right - left) / Math.max(1, groups.size());
        int gi = 0;
        for (Map.Entry<String, List<Bar>> group : groups.entrySet()) {
            int gx = left + gi * groupWidth;
            int barWidth = (groupWidth - 30) / Math.max(1, labels.size());
            for (Bar bar : group.getValue()) {
                double value = figure.applyAsDouble(bar);
                if (Double.isNaN(value)) {
                    continue;
                }
                int li = labels.indexOf(bar.label());
                int h = (int) Math.round(value / max * (bottom - plotTop));
                int bx = gx + 15 + li * barWidth;
                g.setColor(PALETTE[li % PALETTE.length]);
                g.fillRect(bx, bottom - h, barWidth - 4, h);
                g.setColor(Color.BLACK);
                g.drawString(String.format(Locale.ROOT, "%.1f", value), bx, bottom - h - 3);
            }
            g.drawString(group.getKey(), gx + groupWidth / 2 - g.getFontMetrics().stringWidth(group.getKey()) / 2,
                    bottom + 18);
            gi++;
        }
    }
}
