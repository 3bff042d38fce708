package io.woperator.desktop;

import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The X11 desktop behind a stream: where viewers' keyboard, mouse, pasted text and window size go, and where the
 * pointer's image and copied text come from. Its watchers run only between {@link #start()} and {@link #stop()},
 * while someone watches.
 */
public final class Desktop implements AutoCloseable {

    private final InputInjector input;
    private final CursorWatcher cursor;
    private final DesktopClipboard clipboard;
    private final ScreenResizer resizer;
    private final Supplier<ScreenArea> area;

    /**
     * @param resize whether the screen may take viewers' window sizes (not for a region: it keeps its size)
     * @param area   the part of the screen the video shows, in screen pixels; null before the first frame
     */
    public Desktop(String display, boolean resize, Supplier<ScreenArea> area) {
        this.input = new InputInjector(display);
        this.cursor = new CursorWatcher(display);
        this.clipboard = new DesktopClipboard(display);
        this.resizer = resize ? new ScreenResizer(display) : null;
        this.area = area;
    }

    /** Who hears of the pointer's new image and of text copied on the desktop; set before the first start. */
    public void onChange(Consumer<CursorImage> cursorListener, DesktopClipboard.Listener clipboardListener) {
        cursor.onChange(cursorListener);
        clipboard.onChange(clipboardListener);
    }

    public void start() {
        cursor.start();
        clipboard.start();
    }

    public void stop() {
        cursor.stop();
        clipboard.stop();
    }

    public boolean running() {
        return cursor.running() || clipboard.running();
    }

    public InputInjector input() {
        return input;
    }

    public DesktopClipboard clipboard() {
        return clipboard;
    }

    /** None when the screen keeps its size. */
    public Optional<ScreenResizer> resizer() {
        return Optional.ofNullable(resizer);
    }

    public ScreenArea screenArea() {
        return area.get();
    }

    @Override
    public void close() {
        stop();
        input.close();
        if (resizer != null) {
            resizer.close();
        }
    }
}
