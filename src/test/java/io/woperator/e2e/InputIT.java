package io.woperator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.woperator.rig.Browser;
import io.woperator.rig.Part;
import io.woperator.rig.Rig;
import io.woperator.rig.TestDesktopProcess;
import io.woperator.rig.Wait;
import io.woperator.rig.WoperatorServer;
import io.woperator.rig.XvfbDisplay;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.Keys;

/**
 * Driving the desktop from the viewer: an AWT application on Xvfb reports what it receives while Chromium types,
 * clicks and scrolls in the viewer, with the desktop in US, German and French layouts.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InputIT {
    private static final int WIDTH = 1024;
    private static final int HEIGHT = 768;
    /** A point inside the text area, and one inside the mouse panel below it. */
    private static final int[] TEXT_AREA = {300, 40};
    private static final int[] PANEL = {600, 500};

    @RegisterExtension
    static final Part<XvfbDisplay> display = Rig.display(WIDTH, HEIGHT);
    @RegisterExtension
    static final Part<TestDesktopProcess> target = Rig.desktop(display, "input", 30);
    @RegisterExtension
    static final Part<WoperatorServer> server = Rig.server(display, "--no-audio", "--no-microphone", "--no-resize");
    @RegisterExtension
    static final Part<Browser> browser = Rig.browser();

    @BeforeAll
    static void openTheViewer() throws Exception {
        browser.get().open(server.get().url());
        assertTrue(Wait.until(Duration.ofSeconds(20), () -> browser.get().videoStats().width() == WIDTH
                && Boolean.TRUE.equals(browser.get().script("return window.woperator.input.channel?.readyState === 'open';"))),
                "the viewer did not start streaming with its input channel open");
    }

    @Test
    @Order(1)
    void aClickLandsWhereItWasAimed() throws Exception {
        browser.get().mouseAt(PANEL[0], PANEL[1]).click().perform();
        String press = awaitLine("PRESS ");
        String[] f = press.split(" ");
        System.out.println("aimed at " + PANEL[0] + "," + PANEL[1] + ": " + press);
        assertEquals(PANEL[0], Integer.parseInt(f[1]), 2, "x");
        assertEquals(PANEL[1], Integer.parseInt(f[2]), 2, "y");
        assertEquals("1", f[3], "left button");
        awaitLine("RELEASE ");
    }

    @Test
    @Order(2)
    void rightClickAndWheelArrive() throws Exception {
        browser.get().mouseAt(PANEL[0] + 50, PANEL[1] + 20).contextClick().perform();
        assertTrue(awaitLine("PRESS ").endsWith(" 3"), "right button");
        browser.get().wheelAt(PANEL[0], PANEL[1], 100);
        assertEquals("WHEEL 1", awaitLine("WHEEL "), "wheel down");
        browser.get().wheelAt(PANEL[0], PANEL[1], -100);
        assertEquals("WHEEL -1", awaitLine("WHEEL "), "wheel up");
    }

    @Test
    @Order(3)
    void aTapClicksAndALongPressRightClicks() throws Exception {
        browser.get().touchAt(PANEL[0] - 100, PANEL[1], 50);
        String tap = awaitLine("PRESS ");
        assertTrue(tap.endsWith(" 1"), "a tap is a left click: " + tap);
        assertEquals(PANEL[0] - 100, Integer.parseInt(tap.split(" ")[1]), 2, "where the finger was");
        browser.get().touchAt(PANEL[0] - 100, PANEL[1], 900);
        assertTrue(awaitLine("PRESS ").endsWith(" 3"), "a long press is a right click");
    }

    @Test
    @Order(4)
    void thePointersImageFollowsTheDesktop() throws Exception {
        browser.get().mouseAt(PANEL[0], PANEL[1]).perform();
        assertTrue(Wait.until(Duration.ofSeconds(5), () -> cursorPng() != null), "no cursor image arrived");
        String crosshair = awaitCursorChange(null);
        browser.get().mouseAt(TEXT_AREA[0], TEXT_AREA[1]).perform();
        String text = awaitCursorChange(crosshair);
        assertNotEquals(crosshair, text);
        assertTrue(String.valueOf(browser.get().script("return document.getElementById('screen').style.cursor;"))
                .startsWith("url(\"data:image/png;base64,"), "the viewer shows it as its own cursor");
    }

    @Test
    @Order(5)
    void unicodeTextArrivesExactlyWhateverTheDesktopsLayout() throws Exception {
        browser.get().mouseAt(TEXT_AREA[0], TEXT_AREA[1]).click().perform();
        for (String layout : List.of("us", "de", "fr")) {
            setLayout(layout);
            String typed = " " + layout + ": Grüße, é à ç € @ ñ ß {[|]} Ωλ 42!";
            String before = currentText();
            browser.get().type(typed);
            assertTrue(Wait.until(Duration.ofSeconds(10), () -> currentText().equals(before + typed)),
                    layout + " layout: typed '" + typed + "', the desktop has '" + currentText() + "'");
        }
    }

    @Test
    @Order(6)
    void altGrFromAGermanKeyboardTypesWhatItMeans() throws Exception {
        setLayout("fr");
        browser.get().mouseAt(TEXT_AREA[0], TEXT_AREA[1]).click().perform();
        browser.get().shortcut(Keys.END.toString(), Keys.CONTROL); // the click put the caret inside the text
        String before = currentText();
        // What a German keyboard sends for AltGr+Q and AltGr+E: the key says what it means
        browser.get().script("""
                const send = (type, key, code, extra) => window.dispatchEvent(
                    new KeyboardEvent(type, Object.assign({ key, code, bubbles: true }, extra)));
                for (const [key, code] of [['@', 'KeyQ'], ['€', 'KeyE']]) {
                  send('keydown', 'AltGraph', 'AltRight', { altKey: true, ctrlKey: true });
                  send('keydown', key, code, { altKey: true, ctrlKey: true });
                  send('keyup', key, code, { altKey: true, ctrlKey: true });
                  send('keyup', 'AltGraph', 'AltRight', {});
                }
                """);
        assertTrue(Wait.until(Duration.ofSeconds(10), () -> currentText().equals(before + "@€")),
                "AltGr+Q, AltGr+E: expected '@€' added, the desktop has '" + currentText() + "'");
    }

    @Test
    @Order(7)
    void thousandsOfMalformedInputMessagesReachNothingAndHarmNoOne() throws Exception {
        int linesBefore = target.get().output().size();
        browser.get().script("""
                const channel = window.woperator.input.channel;
                const junk = ['', '{', 'null', '[]', '{"type":"key"}', '{"type":"key","keysym":-5,"down":true}',
                  '{"type":"key","keysym":1e12,"down":true}', '{"type":"move","x":99999,"y":5}',
                  '{"type":"move","x":-1,"y":-1}', '{"type":"button","button":42,"down":true}',
                  '{"type":"wheel","dx":0,"dy":1000000}', '{"type":"offer","sdp":"v=0"}', '{"type":"nope"}',
                  '{"type":"move-by","dx":"far","dy":0}', 'x'.repeat(5000)];
                for (let i = 0; i < 5000; i++) channel.send(junk[i % junk.length]);
                """);
        long frames = browser.get().videoStats().framesDecoded();
        assertTrue(Wait.until(Duration.ofSeconds(5), () -> browser.get().videoStats().framesDecoded() > frames + 30),
                "the viewer must keep streaming");
        assertTrue(server.get().healthy(), "the server must stay up");
        assertTrue(server.get().awaitLog("input dropped (malformed)"));
        assertTrue(server.get().awaitLog("input dropped (out of range)"));
        List<String> after = target.get().output().subList(linesBefore, target.get().output().size());
        assertTrue(after.isEmpty(), "the desktop must receive nothing from malformed input, got " + after);
    }

    @Test
    @Order(8)
    void textCopiedOnTheDesktopArrivesInTheViewer() throws Exception {
        String copied = "Grüße vom Desktop ✓ " + System.nanoTime();
        Process xclip = new ProcessBuilder("xclip", "-display", display.get().name(), "-selection", "clipboard").start();
        try (var stdin = xclip.getOutputStream()) {
            stdin.write(copied.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        assertEquals(0, xclip.waitFor());
        assertTrue(Wait.until(Duration.ofSeconds(10), () -> copied.equals(
                browser.get().script("return window.woperator.desktop.clipboard;"))), "the viewer did not get the desktop's text");
        assertEquals(copied, browser.get().script("return document.getElementById('clipboard-text').value;"));
    }

    @Test
    @Order(9)
    void textPastedInTheViewerLandsInClipboardAndPrimary() throws Exception {
        String pasted = "Ça marche: « € » " + System.nanoTime();
        browser.get().script("""
                const data = new DataTransfer();
                data.setData('text/plain', arguments[0]);
                document.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true }));
                """, pasted);
        for (String selection : List.of("clipboard", "primary")) {
            String[] read = {null};
            assertTrue(Wait.until(Duration.ofSeconds(10), () -> pasted.equals(read[0] = readSelection(selection))),
                    selection + " holds '" + read[0] + "'");
        }
    }

    @Test
    @Order(10)
    void tooMuchTextToPasteIsRefusedWithAMessageAndMessagesStandApart() {
        Object accepted = browser.get().script("return window.woperator.input.sendClipboard('x'.repeat(200 * 1024));");
        assertEquals(Boolean.FALSE, accepted);
        browser.get().click("clipboard-open");
        browser.get().fill("clipboard-text", "from the viewer");
        browser.get().click("clipboard-send");
        browser.get().type(Keys.ESCAPE.toString());
        List<String> notices = browser.get().notices();
        assertEquals(List.of("Too much text to paste (over 100 KiB)", "Sent to the desktop's clipboard"),
                notices.subList(Math.max(0, notices.size() - 2), notices.size()), "two notices, each in its own words");
        assertEquals(Boolean.TRUE, browser.get().script("""
                const [a, b] = [...document.querySelectorAll('#notices .notice')].map((n) => n.getBoundingClientRect());
                return a.bottom <= b.top;
                """), "one above the other, not run together");
    }

    @Test
    @Order(11)
    void textThatComesWithoutKeyPressesIsTypedExactly() throws Exception {
        setLayout("us");
        browser.get().mouseAt(TEXT_AREA[0], TEXT_AREA[1]).click().perform();
        browser.get().shortcut(Keys.END.toString(), Keys.CONTROL);
        String before = currentText();
        // as on-screen keyboards, dictation and automation deliver it: text input, no key presses
        String text = " Grüße é à € 你好 ñ ß";
        browser.get().insertText(text);
        assertTrue(Wait.until(Duration.ofSeconds(10), () -> currentText().equals(before + text)),
                "sent '" + text + "' as text input, the desktop has '" + currentText() + "'");
    }

    @Test
    @Order(12)
    void aCompositionTypesItsFinalTextOnce() throws Exception {
        browser.get().mouseAt(TEXT_AREA[0], TEXT_AREA[1]).click().perform();
        browser.get().shortcut(Keys.END.toString(), Keys.CONTROL);
        String before = currentText();
        browser.get().compose("ni");
        browser.get().compose("你");
        browser.get().insertText("你好"); // commits the composition
        browser.get().insertText("!"); // anything typed twice would stand before this
        assertTrue(Wait.until(Duration.ofSeconds(10), () -> currentText().equals(before + "你好!")),
                "composed '你好' then '!', the desktop has '" + currentText() + "'");
    }

    @Test
    @Order(13)
    void inTrackpadModeFingersMoveThePointerClickAndScroll() throws Exception {
        browser.get().click("settings-open");
        browser.get().click("setting-trackpad");
        browser.get().type(Keys.ESCAPE.toString());
        browser.get().mouseAt(PANEL[0], PANEL[1]).perform();
        double scale = ((Number) browser.get().script(
                "return window.woperator.input.videoPoint(innerWidth / 2, innerHeight / 2).scale;")).doubleValue();
        // one finger drags 120 page pixels right and 60 down, somewhere else on the page: the pointer follows
        browser.get().fingers(12, new int[][] {{300, 300}, {420, 360}});
        browser.get().fingers(1, new int[][] {{500, 200}});
        String tap = awaitLine("PRESS ");
        int[] expected = {PANEL[0] + (int) Math.round(120 / scale), PANEL[1] + (int) Math.round(60 / scale)};
        System.out.println("trackpad: pointer moved to " + tap + ", expected about " + expected[0] + "," + expected[1]);
        assertTrue(tap.endsWith(" 1"), "a tap is a left click: " + tap);
        assertEquals(expected[0], Integer.parseInt(tap.split(" ")[1]), 3, "x, moved by the drag");
        assertEquals(expected[1], Integer.parseInt(tap.split(" ")[2]), 3, "y, moved by the drag");
        browser.get().fingers(1, new int[][] {{500, 200}}, new int[][] {{560, 200}});
        assertTrue(awaitLine("PRESS ").endsWith(" 3"), "a two-finger tap is a right click");
        browser.get().fingers(10, new int[][] {{500, 400}, {500, 300}}, new int[][] {{560, 400}, {560, 300}});
        assertEquals("WHEEL 1", awaitLine("WHEEL "), "two fingers moving up scroll down");
        browser.get().click("settings-open");
        browser.get().click("setting-trackpad");
        browser.get().type(Keys.ESCAPE.toString());
    }

    @Test
    @Order(14)
    void theKeyboardButtonPutsTheFocusWhereTextGoesToTheDesktop() throws Exception {
        browser.get().mouseAt(TEXT_AREA[0], TEXT_AREA[1]).click().perform();
        browser.get().shortcut(Keys.END.toString(), Keys.CONTROL);
        String before = currentText();
        // the button is there on touch screens, where an on-screen keyboard is what there is to type with
        assertEquals("none", browser.get().script(
                "return getComputedStyle(document.getElementById('keyboard-toggle')).display;"),
                "no on-screen keyboard button with a mouse alone");
        browser.get().devTools("Emulation.setTouchEmulationEnabled", Map.of("enabled", true, "maxTouchPoints", 5));
        try {
            browser.get().click("keyboard-toggle");
            assertEquals("keyboard-input", browser.get().script("return document.activeElement.id;"));
            browser.get().insertText(" ok");
            assertTrue(Wait.until(Duration.ofSeconds(10), () -> currentText().equals(before + " ok")),
                    "the desktop has '" + currentText() + "'");
        } finally {
            browser.get().devTools("Emulation.setTouchEmulationEnabled", Map.of("enabled", false));
        }
    }

    @Test
    @Order(15)
    void inFullscreenTheViewerAsksForTheKeysTheBrowserWouldKeep() throws Exception {
        // the page's call is what is checked: headless Chromium has no keys of its own to give up
        browser.get().script("""
                window.keyboardLockCalls = [];
                navigator.keyboard.lock = () => { window.keyboardLockCalls.push('lock'); return Promise.resolve(); };
                navigator.keyboard.unlock = () => window.keyboardLockCalls.push('unlock');
                """);
        browser.get().mouseAt(PANEL[0], PANEL[1]).click().perform();
        awaitLine("PRESS ");
        browser.get().shortcut("f", Keys.CONTROL, Keys.SHIFT);
        assertTrue(Wait.until(Duration.ofSeconds(5), () -> "lock".equals(String.valueOf(browser.get().script(
                "return window.keyboardLockCalls.join(',');")))), "entering fullscreen locks the keyboard");
        browser.get().shortcut("f", Keys.CONTROL, Keys.SHIFT);
        assertTrue(Wait.until(Duration.ofSeconds(5), () -> "lock,unlock".equals(String.valueOf(browser.get().script(
                "return window.keyboardLockCalls.join(',');")))), "leaving fullscreen unlocks it");
    }

    @Test
    @Order(16)
    void afterAButtonTheKeyboardGoesBackToTheDesktop() throws Exception {
        browser.get().mouseAt(TEXT_AREA[0], TEXT_AREA[1]).click().perform();
        browser.get().shortcut(Keys.END.toString(), Keys.CONTROL);
        String before = currentText();
        String pressed = String.valueOf(browser.get().script("return document.getElementById('stats-toggle').ariaPressed;"));
        browser.get().click("stats-toggle");
        browser.get().type(" z z");
        assertTrue(Wait.until(Duration.ofSeconds(10), () -> currentText().equals(before + " z z")),
                "typed after clicking Stats; the desktop has '" + currentText() + "'");
        assertEquals(!Boolean.parseBoolean(pressed), Boolean.parseBoolean(String.valueOf(browser.get().script(
                "return document.getElementById('stats-toggle').ariaPressed;"))),
                "the spaces went to the desktop, not to the Stats button again");
        browser.get().click("stats-toggle");
    }

    @Test
    @Order(17)
    void theToolbarHidesItselfAndLetsClicksThroughToTheDesktop() throws Exception {
        browser.get().showControls();
        // a point of the desktop under the toolbar while it is out, beside its handle
        @SuppressWarnings("unchecked")
        List<Number> point = (List<Number>) browser.get().script("""
                const r = document.getElementById('toolbar').getBoundingClientRect();
                const p = window.woperator.input.videoPoint(r.left + 8, r.bottom - 8);
                return [p.x, p.y];
                """);
        int[] desktop = {point.get(0).intValue(), point.get(1).intValue()};
        browser.get().mouseAt(WIDTH / 2, HEIGHT / 2).perform();
        assertTrue(Wait.until(Duration.ofSeconds(5), () -> "false".equals(browser.get().script(
                "return document.getElementById('overlay').dataset.shown;"))),
                "the toolbar hides itself once the pointer is back on the desktop");
        consumed = target.get().output().size(); // earlier clicks in the text area are not this one
        long started = System.nanoTime();
        browser.get().mouseAt(desktop[0], desktop[1]).click().perform();
        assertTrue(System.nanoTime() - started < 1_000_000_000L, "the point was free at once");
        String press = awaitLine("PRESS-IN-TEXT ");
        assertEquals(desktop[0], Integer.parseInt(press.split(" ")[1]), 2, "x: " + press);
        assertEquals(desktop[1], Integer.parseInt(press.split(" ")[2]), 2, "y: " + press);
    }

    @Test
    @Order(18)
    void ctrlShiftMPutsTheKeyboardInTheToolbarAndEscapeGivesItBack() throws Exception {
        browser.get().mouseAt(TEXT_AREA[0], TEXT_AREA[1]).click().perform();
        browser.get().shortcut(Keys.END.toString(), Keys.CONTROL);
        String before = currentText();
        browser.get().shortcut("m", Keys.CONTROL, Keys.SHIFT);
        assertEquals("true", browser.get().script("return document.getElementById('overlay').dataset.shown;"));
        assertEquals(Boolean.TRUE, browser.get().script(
                "return document.getElementById('toolbar').contains(document.activeElement);"),
                "the keyboard is in the toolbar, to work it without a mouse");
        browser.get().type(Keys.TAB.toString());
        assertEquals(Boolean.TRUE, browser.get().script(
                "return document.getElementById('toolbar').contains(document.activeElement);"),
                "Tab goes from control to control");
        browser.get().type(Keys.ESCAPE.toString());
        assertEquals("false", browser.get().script("return document.getElementById('overlay').dataset.shown;"));
        browser.get().type(" q");
        assertTrue(Wait.until(Duration.ofSeconds(10), () -> currentText().equals(before + " q")),
                "after Escape typing reaches the desktop again; it has '" + currentText() + "'");
    }

    @Test
    @Order(19)
    void pinchingZoomsThePictureAndTapsStillLandWhereTheyAreShown() throws Exception {
        browser.get().fingers(10, new int[][] {{600, 400}, {500, 400}}, new int[][] {{680, 400}, {780, 400}});
        double zoom = ((Number) browser.get().script(
                "return new DOMMatrix(getComputedStyle(document.getElementById('screen')).transform).a;"))
                .doubleValue();
        assertEquals(3.5, zoom, 0.4, "pinched from 80 to 280 pixels apart");
        int[] target = {PANEL[0] - 30, PANEL[1] - 60};
        browser.get().touchAt(target[0], target[1], 50);
        String tap = awaitLine("PRESS ");
        assertEquals(target[0], Integer.parseInt(tap.split(" ")[1]), 2, "x of a tap on the zoomed picture: " + tap);
        assertEquals(target[1], Integer.parseInt(tap.split(" ")[2]), 2, "y of a tap on the zoomed picture: " + tap);
        browser.get().fingers(10, new int[][] {{500, 400}, {600, 400}}, new int[][] {{780, 400}, {680, 400}});
        assertEquals("none", browser.get().script("return getComputedStyle(document.getElementById('screen')).transform;"),
                "pinching back shows the whole desktop again");
    }

    @Test
    @Order(20)
    void onATouchScreenAHandleBringsTheToolbarBackAndItsControlsFitFingers() throws Exception {
        browser.get().devTools("Emulation.setTouchEmulationEnabled", Map.of("enabled", true, "maxTouchPoints", 5));
        try {
            // a finger has no hover: the handle left at the top brings the toolbar back
            // hidden, and its slide up over: until then the toolbar, not the handle, is under the finger
            assertTrue(Wait.until(Duration.ofSeconds(5), () -> Boolean.TRUE.equals(browser.get().script("""
                    return document.getElementById('overlay').dataset.shown === 'false'
                        && getComputedStyle(document.getElementById('toolbar')).visibility === 'hidden';
                    """))), "the toolbar hides itself");
            @SuppressWarnings("unchecked")
            List<Number> handle = (List<Number>) browser.get().script("""
                    const r = document.getElementById('overlay-handle').getBoundingClientRect();
                    return [r.left + r.width / 2, r.top + r.height / 2, r.width, r.height];
                    """);
            assertTrue(handle.get(2).doubleValue() >= 44 && handle.get(3).doubleValue() >= 24,
                    "the handle is big enough for a finger: " + handle);
            int x = handle.get(0).intValue();
            int y = handle.get(1).intValue();
            assertTrue(toolbarComesFor(() -> browser.get().fingers(1, new int[][] {{x, y}})), "a tap on the handle");
            browser.get().script("document.getElementById('overlay-hide').click();");
            assertTrue(toolbarComesFor(() -> browser.get().touchAtPage(x, y, 1200)), "a finger held on the handle");
            Number height = (Number) browser.get().script(
                    "return document.getElementById('settings-open').getBoundingClientRect().height;");
            assertTrue(height.doubleValue() >= 44, "a toolbar button on a touch screen is " + height + " px tall");
        } finally {
            browser.get().devTools("Emulation.setTouchEmulationEnabled", Map.of("enabled", false));
        }
    }

    /**
     * View only: a button held on the desktop is let go the moment it is turned on, a click meanwhile reaches
     * nothing, and once it is off again clicks land.
     */
    @Test
    @Order(21)
    void viewOnlyLetsGoOfWhatIsHeldAndSendsNothingUntilItIsOff() throws Exception {
        browser.get().mouseAt(PANEL[0], PANEL[1]).clickAndHold().perform();
        awaitLine("PRESS ");
        browser.get().script("document.getElementById('view-only').click();"); // held on: no pointer on the button
        assertTrue(awaitLine("RELEASE ").endsWith(" 1"), "the held button is let go on the desktop");
        assertEquals("true", String.valueOf(browser.get().script(
                "return document.getElementById('view-only').getAttribute('aria-pressed');")));
        browser.get().mouseAt(PANEL[0], PANEL[1]).release().perform();
        browser.get().mouseAt(PANEL[0] + 40, PANEL[1]).click().perform();
        browser.get().script("document.getElementById('view-only').click();");
        browser.get().mouseAt(PANEL[0] - 40, PANEL[1]).click().perform();
        String press = awaitLine("PRESS ");
        assertEquals(PANEL[0] - 40, Integer.parseInt(press.split(" ")[1]), 2,
                "the first click to reach the desktop is the one after view only was turned off: " + press);
        awaitLine("RELEASE ");
    }

    /**
     * Whether the toolbar comes out for what a finger does, however slow the page is to handle it: the toolbar
     * hides itself again a moment later, so the page notes that it came rather than the test polling for it.
     */
    private static boolean toolbarComesFor(Runnable finger) throws InterruptedException {
        browser.get().script("""
                const overlay = document.getElementById('overlay');
                window.toolbarCame = false;
                new MutationObserver((changes, observer) => {
                  if (overlay.dataset.shown !== 'true') return;
                  window.toolbarCame = true;
                  observer.disconnect();
                }).observe(overlay, { attributes: true, attributeFilter: ['data-shown'] });
                """);
        finger.run();
        return Wait.until(Duration.ofSeconds(5),
                () -> Boolean.TRUE.equals(browser.get().script("return window.toolbarCame;")));
    }

    private static String readSelection(String selection) {
        try {
            Process xclip = new ProcessBuilder("xclip", "-display", display.get().name(), "-selection", selection, "-o")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(xclip.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            return xclip.waitFor() == 0 ? out : null;
        } catch (Exception e) {
            return null;
        }
    }

    private static void setLayout(String layout) throws Exception {
        Process p = new ProcessBuilder("setxkbmap", "-display", display.get().name(), layout)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        assertEquals(0, p.waitFor(), "setxkbmap " + layout);
    }

    private static String currentText() {
        List<String> lines = target.get().output();
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (lines.get(i).startsWith("TEXT ")) {
                return lines.get(i).substring(5).replace("\\n", "\n").replace("\\\\", "\\");
            }
        }
        return "";
    }

    private static String cursorPng() {
        Object png = browser.get().script("return window.woperator.input.cursor && window.woperator.input.cursor.png;");
        return png == null ? null : png.toString();
    }

    private static String awaitCursorChange(String from) throws InterruptedException {
        String[] now = {null};
        assertTrue(Wait.until(Duration.ofSeconds(5), () -> (now[0] = cursorPng()) != null && !now[0].equals(from)),
                "the pointer's image did not change");
        return now[0];
    }

    /** The first line with this prefix that the target printed since the last one was taken. */
    private static int consumed;

    private static String awaitLine(String prefix) throws InterruptedException {
        String[] found = {null};
        assertTrue(Wait.until(Duration.ofSeconds(5), () -> {
            List<String> lines = target.get().output();
            for (int i = consumed; i < lines.size(); i++) {
                if (lines.get(i).startsWith(prefix)) {
                    found[0] = lines.get(i);
                    consumed = i + 1;
                    return true;
                }
            }
            return false;
        }), "the desktop did not report '" + prefix.trim() + "'; it printed " + target.get().output());
        return found[0];
    }
}
