package io.woperator.rig;

import java.awt.Color;
import java.awt.Graphics;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * How close the viewer's picture is to what was painted, so that a lower latency cannot hide a worse picture:
 * frames taken from the viewer's video, each matched through its frame counter to the picture the "counter" test
 * desktop painted ({@link TestDesktop#paintScrolling}), compared over the whole screen as PSNR.
 */
public final class PictureQuality {

    private static final String TAKE_FRAMES = """
            const [count, width, height, done] = arguments;
            import('/js/latency-probe.js').then(({ decodeCounter, COUNTER }) => {
              const video = document.getElementById('screen');
              const canvas = new OffscreenCanvas(width, height);
              const g = canvas.getContext('2d', { willReadFrequently: true });
              const stripWidth = COUNTER.bits * COUNTER.block;
              const taken = [];
              let skip = 0;
              const onFrame = async () => {
                if (skip-- <= 0) {
                  g.drawImage(video, 0, 0, width, height);
                  const counter = decodeCounter(g.getImageData(0, 0, stripWidth, 2 * COUNTER.block).data, stripWidth);
                  if (counter !== null) {
                    const png = await canvas.convertToBlob({ type: 'image/png' });
                    const bytes = new Uint8Array(await png.arrayBuffer());
                    let binary = '';
                    for (let i = 0; i < bytes.length; i += 0x8000) {
                      binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
                    }
                    taken.push({ counter, png: btoa(binary) });
                    skip = 7;
                  }
                }
                if (taken.length >= count) done(taken); else video.requestVideoFrameCallback(onFrame);
              };
              video.requestVideoFrameCallback(onFrame);
            });
            """;

    private PictureQuality() {
    }

    /**
     * The mean PSNR in dB of {@code frames} frames shown by the viewer (one in eight, so that they differ),
     * against what was painted; the desktop is {@code width}×{@code height} and the picture is not scaled.
     */
    @SuppressWarnings("unchecked")
    public static double psnr(Browser browser, int width, int height, int frames) throws IOException {
        List<Map<String, Object>> taken = (List<Map<String, Object>>) browser.asyncScript(TAKE_FRAMES, frames, width,
                height);
        double squaredErrors = 0;
        for (Map<String, Object> frame : taken) {
            BufferedImage shown = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(
                    (String) frame.get("png"))));
            int counter = ((Number) frame.get("counter")).intValue();
            // a grab can fall between the pattern and the counter of the next paint: then it shows that paint's
            // pattern under this counter
            squaredErrors += Math.min(meanSquaredError(shown, painted(width, height, counter, counter)),
                    meanSquaredError(shown, painted(width, height, counter + 1, counter)));
        }
        double mse = squaredErrors / taken.size();
        return 10 * Math.log10(255.0 * 255.0 / Math.max(mse, 1e-9));
    }

    /** The "counter" desktop's pattern of paint {@code paint} under the counter of paint {@code counter}. */
    private static BufferedImage painted(int width, int height, int paint, int counter) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics g = image.getGraphics();
        g.setColor(Color.BLACK);
        g.fillRect(0, 0, width, height);
        TestDesktop.paintScrolling(g, width, height, TestDesktop.SCROLL_PER_PAINT * paint, true);
        FrameCounter.paint(g, counter);
        g.dispose();
        return image;
    }

    private static double meanSquaredError(BufferedImage a, BufferedImage b) {
        long sum = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                for (int shift = 0; shift <= 16; shift += 8) {
                    int d = (p >> shift & 0xff) - (q >> shift & 0xff);
                    sum += d * d;
                }
            }
        }
        return sum / (3.0 * a.getWidth() * a.getHeight());
    }
}
