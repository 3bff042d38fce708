package io.woperator.rig;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.interactions.Pause;
import org.openqa.selenium.interactions.PointerInput;
import org.openqa.selenium.interactions.Sequence;
import org.openqa.selenium.interactions.WheelInput;

/** Debian's headless Chromium, driven by Debian's chromedriver, with a fresh profile each time. */
public final class Browser implements AutoCloseable {
    static {
        // Selenium warns on every start that it has no CDP bindings for this Chromium; the tests use none.
        java.util.logging.Logger.getLogger("org.openqa.selenium").setLevel(java.util.logging.Level.SEVERE);
    }

    private final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    public static Browser start(String... extraFlags) throws IOException {
        Path profile = Files.createTempDirectory("woperator-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty("chromium.binary", "/usr/bin/chromium"));
        List<String> flags = new ArrayList<>(List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--window-size=1280,800", "--autoplay-policy=no-user-gesture-required"));
        flags.addAll(List.of(extraFlags));
        options.addArguments(flags);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(System.getProperty("chromedriver.binary", "/usr/bin/chromedriver")))
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
        return new Browser(driver, profile);
    }

    /** A DevTools command, for what a person's device has and headless Chromium does not (touch, say). */
    public void devTools(String command, Map<String, Object> parameters) {
        driver.executeCdpCommand(command, parameters);
    }

    /** Runs {@code js} in every page this browser opens from now on, before the page's own scripts. */
    public void beforeEveryPage(String js) {
        driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", js));
    }

    /** Opens the page; a viewer page is open once its modules have set it up (boot.js imports them after load). */
    public void open(String url) {
        driver.get(url);
        try {
            Wait.until(Duration.ofSeconds(10), () -> Boolean.TRUE.equals(script(
                    "return !document.querySelector('script[src$=\"boot.js\"]') || window.woperator !== undefined;")));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    /** Runs {@code js} as an async script: it receives a callback {@code done} as its last argument. */
    public Object asyncScript(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeAsyncScript(js, args);
    }

    /** Inbound video figures from the viewer's current peer connection, or an empty map before one exists. */
    /** Which path shows the picture: "direct" (decoded by the page as frames arrive) or "browser". */
    public String renderPath() {
        return (String) script("return window.woperator.connection.output?.path ?? null;");
    }

    /** Pictures that direct rendering has shown since the connection started (0 without it). */
    public long framesShownDirectly() {
        return ((Number) script("return window.woperator.connection.output?.renderer?.framesShown ?? 0;")).longValue();
    }

    public VideoStats videoStats() {
        return videoStats(null);
    }

    /**
     * Starts counting the pictures the viewer's video presents from now on, whichever path brings them: decoder
     * counters start again from zero when the page moves from RTP to the data channel, this one does not.
     */
    public void countPresentedFrames() {
        script("""
                const video = document.getElementById('screen');
                window.presentedFrames = 0;
                const count = () => { window.presentedFrames++; video.requestVideoFrameCallback(count); };
                video.requestVideoFrameCallback(count);
                """);
    }

    /** Pictures presented since {@link #countPresentedFrames()}. */
    public long presentedFrames() {
        return ((Number) script("return window.presentedFrames ?? 0;")).longValue();
    }

    /** Video frames the browser decoded from RTP on the page's connection, whichever path shows the picture. */
    public long rtpFramesDecoded() {
        Object frames = asyncScript("""
                const done = arguments[arguments.length - 1];
                const peer = window.woperator.connection.peer;
                if (!peer) { done(0); return; }
                peer.getStats().then((report) => {
                  let frames = 0;
                  report.forEach((s) => { if (s.type === 'inbound-rtp' && s.kind === 'video') frames = s.framesDecoded || 0; });
                  done(frames);
                }).catch(() => done(0));
                """);
        return ((Number) frames).longValue();
    }

    /**
     * Inbound video figures of one tile of a page that shows several streams ({@code ?streams=a,b}), or of the
     * page's one stream when {@code streamId} is null.
     */
    @SuppressWarnings("unchecked")
    public VideoStats videoStats(String streamId) {
        Map<String, Object> m = (Map<String, Object>) asyncScript("""
                const done = arguments[arguments.length - 1];
                const w = window.woperator;
                const id = arguments[0];
                const connection = w && (id ? w.connections && w.connections[id] : w.connection);
                const peer = connection && connection.peer;
                if (!peer) { done({}); return; }
                // pictures on the data channel "frames" do not pass RTP: its renderer counts them
                const channel = connection.output && connection.output.channel;
                if (channel) {
                  done({ framesDecoded: channel.figures.framesDecoded, frameWidth: channel.figures.width,
                         frameHeight: channel.figures.height, codec: channel.state.codec || '' });
                  return;
                }
                peer.getStats().then((report) => {
                  let video = null; const codecs = {};
                  report.forEach((s) => {
                    if (s.type === 'inbound-rtp' && s.kind === 'video') video = s;
                    if (s.type === 'codec') codecs[s.id] = s.mimeType;
                  });
                  if (!video) { done({}); return; }
                  done({ framesDecoded: video.framesDecoded || 0, frameWidth: video.frameWidth || 0,
                         frameHeight: video.frameHeight || 0, codec: codecs[video.codecId] || '' });
                }).catch(() => done({}));
                """, streamId);
        return new VideoStats(number(m.get("framesDecoded")), (int) number(m.get("frameWidth")),
                (int) number(m.get("frameHeight")), String.valueOf(m.getOrDefault("codec", "")));
    }

    /** Inbound video as getStats reports it, or as the data channel's renderer counts it. */
    public record VideoStats(long framesDecoded, int width, int height, String codec) {
    }

    /**
     * Draws the current video frame onto a canvas at its own resolution and returns the RGB of each point
     * (x, y in video pixels), as 0xRRGGBB.
     */
    public List<Integer> samplePixels(List<int[]> points) {
        return samplePixels("screen", points);
    }

    /** As {@link #samplePixels(List)}, from the video element {@code videoId}. */
    @SuppressWarnings("unchecked")
    public List<Integer> samplePixels(String videoId, List<int[]> points) {
        List<List<Long>> xy = points.stream().map(p -> List.of((long) p[0], (long) p[1])).toList();
        List<Object> rgb = (List<Object>) asyncScript("""
                const [points, id, done] = [arguments[0], arguments[1], arguments[arguments.length - 1]];
                const video = document.getElementById(id);
                const sample = () => {
                  if (!video.videoWidth) return done(null);
                  const canvas = document.createElement('canvas');
                  canvas.width = video.videoWidth; canvas.height = video.videoHeight;
                  const ctx = canvas.getContext('2d', { willReadFrequently: true });
                  ctx.drawImage(video, 0, 0);
                  const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
                  done(points.map(([x, y]) => {
                    const i = (y * canvas.width + x) * 4;
                    return (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
                  }));
                };
                // a video that has just changed tracks (RTP's picture for the data channel's) shows the new one
                // with its next frame
                if (video.videoWidth) {
                  sample();
                } else {
                  const timer = setTimeout(sample, 5000);
                  video.requestVideoFrameCallback(() => { clearTimeout(timer); sample(); });
                }
                """, xy, videoId);
        if (rgb == null) {
            throw new AssertionError("no picture on the screen (video element " + videoId + ") within 5 s");
        }
        return rgb.stream().map(v -> (int) number(v)).toList();
    }

    /**
     * Listens to the viewer's stream through WebAudio for about a second and returns the strongest frequency
     * (Hz) and the RMS level (full scale 1.0). Headless Chromium reports no audioLevel for received audio, so
     * this is how to know that sound arrives.
     */
    @SuppressWarnings("unchecked")
    public ToneMeasurement measureTone() {
        Map<String, Object> m = (Map<String, Object>) asyncScript("""
                const done = arguments[arguments.length - 1];
                const stream = document.getElementById('screen').srcObject;
                if (!stream || stream.getAudioTracks().length === 0) { done({ freq: 0, rms: 0 }); return; }
                const ctx = window.__toneContext || (window.__toneContext = new AudioContext({ sampleRate: 48000 }));
                ctx.resume();
                const source = ctx.createMediaStreamSource(stream);
                const analyser = ctx.createAnalyser();
                analyser.fftSize = 32768;
                analyser.smoothingTimeConstant = 0;
                source.connect(analyser);
                setTimeout(() => {
                  const wave = new Float32Array(analyser.fftSize);
                  analyser.getFloatTimeDomainData(wave);
                  let sum = 0;
                  for (const x of wave) sum += x * x;
                  const spectrum = new Float32Array(analyser.frequencyBinCount);
                  analyser.getFloatFrequencyData(spectrum);
                  let k = 2;
                  for (let i = 2; i < spectrum.length - 1; i++) if (spectrum[i] > spectrum[k]) k = i;
                  const [a, b, c] = [spectrum[k - 1], spectrum[k], spectrum[k + 1]];
                  const shift = 0.5 * (a - c) / (a - 2 * b + c);
                  source.disconnect();
                  const freq = (k + shift) * ctx.sampleRate / analyser.fftSize;
                  done({ freq: Number.isFinite(freq) ? freq : 0, rms: Math.sqrt(sum / wave.length) });
                }, 1200);
                """);
        return new ToneMeasurement(((Number) m.get("freq")).doubleValue(), ((Number) m.get("rms")).doubleValue());
    }

    /** A tone as heard in the page. */
    public record ToneMeasurement(double frequency, double rms) {
        public double decibelsAgainst(double expectedRms) {
            return 20 * Math.log10(rms / expectedRms);
        }
    }

    /**
     * Where on the page a pixel of the desktop picture is shown: the inverse of the viewer's mapping. While the
     * <video> has no picture (it is between two tracks, as when the page moves from RTP to the data channel), it
     * waits for one, up to 5 s, as a person waits to see what to click.
     */
    public int[] pagePointFor(int videoX, int videoY) {
        waitFor(Duration.ofSeconds(5), () -> ((Number) script(
                "return document.getElementById('screen').videoWidth;")).intValue() > 0);
        return pagePointNow(videoX, videoY);
    }

    @SuppressWarnings("unchecked")
    private int[] pagePointNow(int videoX, int videoY) {
        List<Number> xy = (List<Number>) script("""
                const video = document.getElementById('screen');
                const rect = video.getBoundingClientRect();
                const scale = Math.min(rect.width / video.videoWidth, rect.height / video.videoHeight);
                return [rect.left + (rect.width - video.videoWidth * scale) / 2 + (arguments[0] + 0.5) * scale,
                        rect.top + (rect.height - video.videoHeight * scale) / 2 + (arguments[1] + 0.5) * scale];
                """, videoX, videoY);
        return new int[] {(int) Math.round(xy.get(0).doubleValue()), (int) Math.round(xy.get(1).doubleValue())};
    }

    /**
     * The page point of a desktop pixel once nothing of the viewer covers it: where the toolbar is out over it, the
     * pointer goes to the middle of the picture (as a person goes back to work) and the toolbar hides itself.
     */
    private int[] uncoveredPagePoint(int videoX, int videoY) {
        return uncovered(pagePointFor(videoX, videoY), "the desktop's pixel " + videoX + "," + videoY);
    }

    private int[] uncovered(int[] page, String what) {
        String onTop = "const e = document.elementFromPoint(arguments[0], arguments[1]); return e ? e.id || e.tagName : '';";
        if ("screen".equals(script(onTop, page[0], page[1]))) {
            return page;
        }
        new Actions(driver).moveToLocation(((Number) script("return innerWidth;")).intValue() / 2,
                ((Number) script("return innerHeight;")).intValue() / 2).perform();
        if (!waitFor(Duration.ofSeconds(6), () -> "screen".equals(script(onTop, page[0], page[1])))) {
            throw new AssertionError(what + " stays covered by " + script(onTop, page[0], page[1]));
        }
        return page;
    }

    /**
     * A person's mouse over the viewer, aimed at a spot of the picture given as shares of its width and height: the
     * same spot whatever size the picture arrives in (a simulcast layer can change between aiming and clicking).
     */
    @SuppressWarnings("unchecked")
    public Actions mouseAtShare(double shareX, double shareY) {
        waitFor(Duration.ofSeconds(5), () -> ((Number) script(
                "return document.getElementById('screen').videoWidth;")).intValue() > 0);
        List<Number> xy = (List<Number>) script("""
                const video = document.getElementById('screen');
                const rect = video.getBoundingClientRect();
                const scale = Math.min(rect.width / video.videoWidth, rect.height / video.videoHeight);
                const [width, height] = [video.videoWidth * scale, video.videoHeight * scale];
                return [rect.left + (rect.width - width) / 2 + arguments[0] * width,
                        rect.top + (rect.height - height) / 2 + arguments[1] * height];
                """, shareX, shareY);
        int[] page = uncovered(new int[] {(int) Math.round(xy.get(0).doubleValue()),
                (int) Math.round(xy.get(1).doubleValue())}, "the picture's spot " + shareX + "," + shareY);
        return new Actions(driver).moveToLocation(page[0], page[1]);
    }

    /** A person's mouse over the viewer, aimed at a pixel of the desktop picture. */
    public Actions mouseAt(int videoX, int videoY) {
        int[] page = uncoveredPagePoint(videoX, videoY);
        return new Actions(driver).moveToLocation(page[0], page[1]);
    }

    /** A finger touching a pixel of the desktop picture for {@code holdMillis}, then lifting. */
    public void touchAt(int videoX, int videoY, long holdMillis) {
        int[] page = uncoveredPagePoint(videoX, videoY);
        touchAtPage(page[0], page[1], holdMillis);
    }

    /** A finger on a point of the page (CSS pixels of the viewport), held for {@code holdMillis}. */
    public void touchAtPage(int x, int y, long holdMillis) {
        PointerInput finger = new PointerInput(PointerInput.Kind.TOUCH, "finger");
        Sequence touch = new Sequence(finger, 0)
                .addAction(finger.createPointerMove(Duration.ZERO, PointerInput.Origin.viewport(), x, y))
                .addAction(finger.createPointerDown(PointerInput.MouseButton.LEFT.asArg()))
                .addAction(new Pause(finger, Duration.ofMillis(holdMillis)))
                .addAction(finger.createPointerUp(PointerInput.MouseButton.LEFT.asArg()));
        driver.perform(List.of(touch));
    }

    /** Turns the wheel over a pixel of the desktop picture by {@code deltaY} pixels. */
    public void wheelAt(int videoX, int videoY, int deltaY) {
        int[] page = uncoveredPagePoint(videoX, videoY);
        WheelInput.ScrollOrigin origin = WheelInput.ScrollOrigin.fromViewport(page[0], page[1]);
        new Actions(driver).scrollFromOrigin(origin, 0, deltaY).perform();
    }

    /** Resizes the browser window, as a person dragging its corner. */
    public void resizeWindow(org.openqa.selenium.Dimension size) {
        org.openqa.selenium.Dimension before = driver.manage().window().getSize();
        int[] inner = innerSize();
        driver.manage().window().setSize(size);
        if (!before.equals(size)) {
            // headless Chromium applies a new size to the page a moment later: a page opened meanwhile would
            // measure the old one
            waitFor(Duration.ofSeconds(2), () -> !java.util.Arrays.equals(innerSize(), inner));
        }
    }

    /** The page's inner size in device pixels, as the viewer sends it. */
    @SuppressWarnings("unchecked")
    public int[] innerSize() {
        List<Number> wh = (List<Number>) script("const r = Math.min(devicePixelRatio || 1, 2);"
                + " return [Math.round(innerWidth * r), Math.round(innerHeight * r)];");
        return new int[] {wh.get(0).intValue(), wh.get(1).intValue()};
    }

    /** Presses {@code key} while holding the modifiers down, as a person does for a shortcut. */
    public void shortcut(String key, org.openqa.selenium.Keys... modifiers) {
        Actions actions = new Actions(driver);
        for (org.openqa.selenium.Keys modifier : modifiers) {
            actions.keyDown(modifier);
        }
        actions.sendKeys(key);
        for (int i = modifiers.length - 1; i >= 0; i--) {
            actions.keyUp(modifiers[i]);
        }
        actions.perform();
    }

    /** Types text as a keyboard would, into whatever has the focus. */
    public void type(String text) {
        new Actions(driver).sendKeys(text).perform();
    }

    /**
     * Delivers text the way on-screen keyboards, dictation and input methods do: as text input into the focused
     * field, with no key presses (DevTools' Input.insertText).
     */
    public void insertText(String text) {
        driver.executeCdpCommand("Input.insertText", Map.of("text", text));
    }

    /** An input method's composition in progress (DevTools' Input.imeSetComposition); insertText commits it. */
    public void compose(String text) {
        driver.executeCdpCommand("Input.imeSetComposition", Map.of("text", text, "selectionStart", text.length(),
                "selectionEnd", text.length()));
    }

    /**
     * Fingers on the screen at once, each moving through its points (page pixels) in {@code steps} steps between
     * points, then lifted together.
     */
    public void fingers(int steps, int[][]... paths) {
        List<Sequence> sequences = new ArrayList<>();
        for (int f = 0; f < paths.length; f++) {
            PointerInput finger = new PointerInput(PointerInput.Kind.TOUCH, "finger" + f);
            Sequence sequence = new Sequence(finger, 0);
            int[][] path = paths[f];
            sequence.addAction(finger.createPointerMove(Duration.ZERO, PointerInput.Origin.viewport(), path[0][0],
                    path[0][1]));
            sequence.addAction(finger.createPointerDown(PointerInput.MouseButton.LEFT.asArg()));
            for (int p = 1; p < path.length; p++) {
                for (int i = 1; i <= steps; i++) {
                    int x = path[p - 1][0] + (path[p][0] - path[p - 1][0]) * i / steps;
                    int y = path[p - 1][1] + (path[p][1] - path[p - 1][1]) * i / steps;
                    sequence.addAction(finger.createPointerMove(Duration.ofMillis(16), PointerInput.Origin.viewport(),
                            x, y));
                }
            }
            sequence.addAction(finger.createPointerUp(PointerInput.MouseButton.LEFT.asArg()));
            sequences.add(sequence);
        }
        driver.perform(sequences);
    }

    /** Types a file's path into a file chooser of the viewer, as picking it in the dialog does. */
    public void chooseFile(String inputId, Path file) {
        driver.findElement(org.openqa.selenium.By.id(inputId)).sendKeys(file.toAbsolutePath().toString());
    }

    /** Types into a field of the page by id, as a person would. */
    public void fill(String id, String text) {
        driver.findElement(org.openqa.selenium.By.id(id)).sendKeys(text);
    }

    /** Clicks an element of the viewer by id, as a person would: a control of the toolbar once it is out. */
    public void click(String id) {
        if (Boolean.TRUE.equals(script("return document.getElementById(arguments[0]).closest('#toolbar') !== null;",
                id))) {
            showControls();
        }
        driver.findElement(org.openqa.selenium.By.id(id)).click();
    }

    /** {@link Wait#until} for the helpers that act as a person: an interruption ends the test. */
    private static boolean waitFor(Duration timeout, java.util.function.BooleanSupplier condition) {
        try {
            return Wait.until(timeout, condition);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Brings the viewer's toolbar out as a person does, with the pointer at the top edge, and waits for it. */
    public void showControls() {
        int width = ((Number) script("return innerWidth;")).intValue();
        new Actions(driver).moveToLocation(width / 2, 1).perform();
        if (!waitFor(Duration.ofSeconds(3), () -> Boolean.TRUE.equals(script("""
                return document.getElementById('overlay').dataset.shown === 'true'
                    && document.getElementById('toolbar').getAnimations().length === 0;
                """)))) {
            throw new AssertionError("the toolbar did not come out with the pointer at the top edge");
        }
    }

    /** Whether an element of the viewer is shown (not hidden). */
    public boolean visible(String id) {
        return driver.findElement(org.openqa.selenium.By.id(id)).isDisplayed();
    }

    /** The text of the viewer's status banner and its state. */
    public String statusState() {
        return String.valueOf(script("return document.getElementById('status').dataset.state;"));
    }

    /**
     * What the page has loaded from its server so far: bytes over the wire (headers included), the same files'
     * bytes uncompressed, and how many files.
     */
    @SuppressWarnings("unchecked")
    public Map<String, Number> pageWeight() {
        return (Map<String, Number>) script("""
                const entries = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]
                  .filter((e) => e.name.startsWith(location.origin));
                return { transferred: entries.reduce((sum, e) => sum + e.transferSize, 0),
                         decoded: entries.reduce((sum, e) => sum + e.decodedBodySize, 0), files: entries.length };
                """);
    }

    /** The notices the viewer shows now, each on its own, oldest first. */
    @SuppressWarnings("unchecked")
    public List<String> notices() {
        return (List<String>) script("return [...document.querySelectorAll('#notices .notice')].map((n) => n.textContent);");
    }

    /** The text of an element of the viewer by id, whether or not it is shown now (the toolbar hides itself). */
    public String text(String id) {
        return String.valueOf(script(
                "return document.getElementById(arguments[0]).textContent.replace(/\\s+/g, ' ').trim();", id));
    }

    /** Saves what the page shows now as a PNG, for a person to look at. */
    public void screenshot(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, driver.getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : 0;
    }

    /**
     * Kills the browser outright (SIGKILL to each of its processes), as a crash or a pulled plug would: no page
     * unload, no WebSocket close, no goodbye.
     */
    public void kill() {
        ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains("--user-data-dir=" + profile)).orElse(false))
                .forEach(ProcessHandle::destroyForcibly);
    }

    @Override
    /** Quits the browser and deletes its profile; again, it does nothing (a test may close one early). */
    public void close() throws IOException {
        if (!Files.exists(profile)) {
            return;
        }
        try {
            driver.quit();
        } catch (RuntimeException e) {
            // a browser that was killed cannot be asked to quit; its driver goes with the service
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
