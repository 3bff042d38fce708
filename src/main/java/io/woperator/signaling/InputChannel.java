package io.woperator.signaling;

import io.woperator.desktop.Desktop;
import io.woperator.desktop.DesktopClipboard;
import io.woperator.desktop.InputInjector;
import io.woperator.desktop.ScreenArea;
import io.woperator.desktop.ScreenResizer;
import io.woperator.platform.RateLimiter;
import io.woperator.protocol.InputMessage;
import io.woperator.session.ViewerRegistry;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One viewer's input, as it arrives on the data channel: each message is decoded, checked (known type, in range,
 * under the rate limit, sent by the viewer in control) and handed to the {@link InputInjector}. Anything that
 * fails a check is dropped and counted, never thrown; the first drop of each kind is logged, and a summary when the
 * viewer leaves.
 */
final class InputChannel {

    private static final Logger LOG = LoggerFactory.getLogger(InputChannel.class);
    /** Pointer motion is coalesced to one per frame by the viewer; this leaves room for fast typing too. */
    private static final double EVENTS_PER_SECOND = 500;
    private static final double BURST = 1000;
    /** Clipboard text fills the largest messages: its limit in UTF-8 bytes, with room for JSON escapes. */
    private static final int MAX_MESSAGE_CHARS = 2 * DesktopClipboard.MAX_BYTES;

    private enum Drop { MALFORMED, OUT_OF_RANGE, RATE_LIMITED, NOT_IN_CONTROL, NOT_DELIVERED }

    private final String viewerId;
    private final MessageCodec codec;
    private final InputInjector injector;
    private final DesktopClipboard clipboard;
    private final Desktop desktop;
    private final ViewerRegistry registry;
    private final RateLimiter limiter = new RateLimiter(EVENTS_PER_SECOND, BURST);
    private final Delivery delivery = new Delivery();
    private final long[] dropped = new long[Drop.values().length];
    private long delivered;

    InputChannel(String viewerId, MessageCodec codec, Desktop desktop, ViewerRegistry registry) {
        this.viewerId = viewerId;
        this.codec = codec;
        this.injector = desktop.input();
        this.clipboard = desktop.clipboard();
        this.desktop = desktop;
        this.registry = registry;
    }

    /** Called on libwebrtc's thread for each message, one at a time. */
    synchronized void receive(String text) {
        if (text.length() > MAX_MESSAGE_CHARS) {
            drop(Drop.MALFORMED, "a message of " + text.length() + " characters");
            return;
        }
        if (!limiter.tryAcquire()) {
            drop(Drop.RATE_LIMITED, "more than " + (int) EVENTS_PER_SECOND + " events a second");
            return;
        }
        InputMessage input;
        try {
            input = codec.decodeInput(text);
        } catch (ProtocolException e) {
            drop(Drop.MALFORMED, e.getMessage());
            return;
        }
        deliverChecked(input);
    }

    /** Called on the viewer's executor for each input message over the socket (checked by its codec already). */
    synchronized void receive(InputMessage input) {
        if (!limiter.tryAcquire()) {
            drop(Drop.RATE_LIMITED, "more than " + (int) EVENTS_PER_SECOND + " events a second");
            return;
        }
        deliverChecked(input);
    }

    private void deliverChecked(InputMessage input) {
        if (!registry.inControl(viewerId)) {
            drop(Drop.NOT_IN_CONTROL, "another viewer drives the desktop, or none may");
            return;
        }
        try {
            if (deliver(input)) {
                delivered++;
            }
        } catch (IOException e) {
            drop(Drop.NOT_DELIVERED, e.getMessage());
        }
    }

    private boolean deliver(InputMessage input) throws IOException {
        return input.handledBy(delivery);
    }

    /** Each event to the desktop; false when it was dropped instead (the reason counted). */
    private final class Delivery implements InputMessage.Handler<Boolean, IOException> {
        @Override
        public Boolean key(InputMessage.Key key) throws IOException {
            injector.key(key.keysym(), key.down());
            return true;
        }

        @Override
        public Boolean text(InputMessage.Text text) throws IOException {
            injector.type(text.text());
            return true;
        }

        @Override
        public Boolean move(InputMessage.Move move) throws IOException {
            ScreenArea screen = desktop.screenArea();
            int[] point = screen == null ? null : screen.pixelOf(move.x(), move.y(), move.width(), move.height());
            if (point == null) {
                drop(Drop.OUT_OF_RANGE, "pointer position " + move.x() + "," + move.y() + " is off the "
                        + (move.width() == null ? "screen" : "picture"));
                return false;
            }
            injector.move(point[0], point[1]);
            return true;
        }

        @Override
        public Boolean moveBy(InputMessage.MoveBy move) throws IOException {
            injector.moveBy(move.dx(), move.dy());
            return true;
        }

        @Override
        public Boolean button(InputMessage.Button button) throws IOException {
            injector.button(button.button(), button.down());
            return true;
        }

        @Override
        public Boolean wheel(InputMessage.Wheel wheel) throws IOException {
            scroll(wheel.dy(), 5, 4);
            scroll(wheel.dx(), 7, 6);
            return true;
        }

        @Override
        public Boolean releaseAll(InputMessage.ReleaseAll release) throws IOException {
            injector.releaseAll();
            return true;
        }

        @Override
        public Boolean resize(InputMessage.Resize size) throws IOException {
            ScreenResizer resizer = desktop.resizer().orElseThrow(
                    () -> new IOException("this server does not resize the desktop (--no-resize)"));
            resizer.request(size.width(), size.height());
            return true;
        }

        @Override
        public Boolean clipboard(InputMessage.Clipboard pasted) throws IOException {
            if (clipboard == null) {
                throw new IOException("this desktop has no clipboard");
            }
            clipboard.set(pasted.text());
            return true;
        }
    }

    /** X scrolls by clicks of buttons 4-7, one per step. */
    private void scroll(int steps, int positiveButton, int negativeButton) throws IOException {
        int button = steps > 0 ? positiveButton : negativeButton;
        for (int i = 0; i < Math.abs(steps); i++) {
            injector.button(button, true);
            injector.button(button, false);
        }
    }

    private void drop(Drop kind, String why) {
        if (dropped[kind.ordinal()]++ == 0) {
            LOG.warn("Viewer {}: input dropped ({}): {} (further drops are counted, not logged)", viewerId,
                    kind.name().toLowerCase().replace('_', ' '), why);
        }
    }

    /** Control passed to someone else: nothing this viewer held stays held. */
    synchronized void lostControl() {
        injector.releaseAll();
    }

    /** The viewer left: nothing it held stays held. */
    synchronized void close() {
        if (registry.inControl(viewerId)) {
            injector.releaseAll();
        }
        long total = 0;
        for (long d : dropped) {
            total += d;
        }
        if (delivered > 0 || total > 0) {
            LOG.info("Viewer {} input: {} events delivered, dropped {} malformed, {} out of range, {} over the "
                    + "rate limit, {} while not in control, {} undeliverable", viewerId, delivered, dropped[0],
                    dropped[1], dropped[2], dropped[3], dropped[4]);
        }
    }
}
