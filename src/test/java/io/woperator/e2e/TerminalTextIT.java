package io.woperator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.woperator.rig.Browser;
import io.woperator.rig.Wait;
import io.woperator.rig.WoperatorServer;
import io.woperator.rig.XvfbDisplay;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Text that arrives in the viewer without key presses (on-screen keyboards, dictation, input methods) typed into
 * a real terminal application, xterm, exactly.
 */
class TerminalTextIT {

    @Test
    void textInputReachesATerminalExactly() throws Exception {
        Path typed = Files.createTempFile("woperator-xterm-", ".txt");
        try (XvfbDisplay display = XvfbDisplay.start(1024, 768)) {
            ProcessBuilder builder = new ProcessBuilder("xterm", "-display", display.name(), "-geometry", "100x30+0+0",
                    "-u8", "-e", "sh", "-c", "exec cat > " + typed).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            builder.environment().put("LC_ALL", "C.UTF-8");
            Process xterm = builder.start();
            try (WoperatorServer server = WoperatorServer.start(WoperatorServer.freePort(), display.name(),
                    "--no-audio", "--no-microphone", "--no-resize");
                    Browser browser = Browser.start()) {
                browser.open(server.url());
                // xterm's white window on the black root: it is up once the picture shows it
                assertTrue(Wait.until(Duration.ofSeconds(20), () -> browser.videoStats().framesDecoded() > 0
                        && (browser.samplePixels(List.of(new int[] {200, 200})).get(0) & 0xFF) > 200),
                        "xterm did not appear");
                browser.mouseAt(200, 200).click().perform(); // the pointer over xterm gives it the keyboard
                String text = "Grüße é à € 你好 ñ ß";
                browser.insertText(text);
                browser.insertText("\n");
                assertTrue(Wait.until(Duration.ofSeconds(10), () -> read(typed).equals(text + "\n")),
                        "typed '" + text + "' and a line break as text input; the terminal got '" + read(typed) + "'");
            } finally {
                xterm.destroy();
                assertEquals(true, xterm.waitFor(5, java.util.concurrent.TimeUnit.SECONDS));
            }
        } finally {
            Files.deleteIfExists(typed);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
