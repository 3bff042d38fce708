package io.woperator.rig;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What an end-to-end test needs, as {@link Part}s: a test says what it needs in fields and gets each opened on
 * first use and closed for it.
 *
 * <pre>
 * &#64;RegisterExtension
 * static final Part&lt;XvfbDisplay&gt; display = Rig.display(960, 540);       // one for the class
 * &#64;RegisterExtension
 * static final Part&lt;TestDesktopProcess&gt; desktop = Rig.desktop(display, "bars", 30);
 * &#64;RegisterExtension
 * final Part&lt;WoperatorServer&gt; server = Rig.server(display, "--no-resize"); // one for each test
 * &#64;RegisterExtension
 * final Part&lt;Browser&gt; browser = Rig.browser();
 * </pre>
 */
public final class Rig {
    /** Where a failed test's screenshots go, beside Maven's reports. */
    private static final Path FAILURES = Path.of("target", "failures");
    /** The server's log lines attached to a failure: enough for the last few seconds. */
    private static final int LOG_LINES = 40;

    private Rig() {
    }

    /** A private Xvfb of this size. */
    public static Part<XvfbDisplay> display(int width, int height) {
        return new Part<>("the display", () -> XvfbDisplay.start(width, height),
                (xvfb, test) -> xvfb.name() + " at " + xvfb.width() + "x" + xvfb.height());
    }

    /** The test desktop ({@link TestDesktop}) in this mode on the display, ready once its pattern is shown. */
    public static Part<TestDesktopProcess> desktop(Part<XvfbDisplay> display, String mode, int fps) {
        return new Part<>("the test desktop (" + mode + ")",
                () -> TestDesktopProcess.start(display.get().name(), mode, fps),
                (desktop, test) -> String.join("\n", last(desktop.output(), LOG_LINES)), display);
    }

    /** The server from the built jar, on a free port, with DISPLAY set to the display. */
    public static Part<WoperatorServer> server(Part<XvfbDisplay> display, String... args) {
        return server(display, Map.of(), args);
    }

    /** As {@link #server(Part, String...)}, with more environment (PULSE_SERVER, say). */
    public static Part<WoperatorServer> server(Part<XvfbDisplay> display, Map<String, String> env, String... args) {
        return new Part<>("the server", () -> WoperatorServer.start(WoperatorServer.freePort(), display.get().name(),
                env, args), Rig::serverReport, display);
    }

    /** The server with no DISPLAY at all. */
    public static Part<WoperatorServer> serverWithoutDisplay(String... args) {
        return new Part<>("the server", () -> WoperatorServer.start(WoperatorServer.freePort(), null, args),
                Rig::serverReport);
    }

    /** Headless Chromium with a fresh profile. */
    public static Part<Browser> browser(String... flags) {
        return new Part<>("the browser", () -> Browser.start(flags), Rig::browserReport);
    }

    /** A real Janus from Debian's package, on loopback. */
    public static Part<JanusServer> janus() {
        return new Part<>("Janus", JanusServer::start, (janus, test) -> janus.log());
    }

    /** A real coturn on loopback, with this shared secret for its time-limited credentials. */
    public static Part<CoturnServer> coturn(String sharedSecret) {
        return new Part<>("coturn", () -> CoturnServer.start(sharedSecret), null);
    }

    private static String serverReport(WoperatorServer server, String test) {
        return server.url() + ", its last log lines:\n" + String.join("\n", last(server.log(), LOG_LINES));
    }

    private static String browserReport(Browser browser, String test) throws Exception {
        Path picture = FAILURES.resolve(test + ".png").toAbsolutePath();
        browser.screenshot(picture);
        String said;
        try {
            said = "its status \"" + browser.statusState() + "\": " + browser.text("status-text");
        } catch (RuntimeException e) {
            said = "no viewer's status on the page";
        }
        return said + "; what it showed: " + picture;
    }

    private static List<String> last(List<String> lines, int count) {
        return List.copyOf(lines.subList(Math.max(0, lines.size() - count), lines.size()));
    }
}
