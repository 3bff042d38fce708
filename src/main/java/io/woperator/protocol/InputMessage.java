package io.woperator.protocol;

import static io.woperator.protocol.Checks.require;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * What a viewer sends on the WebRTC data channel "input" (ordered, reliable):
 * <pre>
 *   key, text, move, move-by, button, wheel, release-all, clipboard, resize
 * </pre>
 * Keys are X keysyms (what the key means, not where it is); positions are pixels of the video picture.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = InputMessage.Key.class, name = "key"),
    @JsonSubTypes.Type(value = InputMessage.Text.class, name = "text"),
    @JsonSubTypes.Type(value = InputMessage.Move.class, name = "move"),
    @JsonSubTypes.Type(value = InputMessage.MoveBy.class, name = "move-by"),
    @JsonSubTypes.Type(value = InputMessage.Button.class, name = "button"),
    @JsonSubTypes.Type(value = InputMessage.Wheel.class, name = "wheel"),
    @JsonSubTypes.Type(value = InputMessage.ReleaseAll.class, name = "release-all"),
    @JsonSubTypes.Type(value = InputMessage.Clipboard.class, name = "clipboard"),
    @JsonSubTypes.Type(value = InputMessage.Resize.class, name = "resize"),
})
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface InputMessage {

    /** Goes to the method of its kind in {@code handler}. */
    <R, X extends Exception> R handledBy(Handler<R, X> handler) throws X;

    /**
     * Handles every input event: one method per kind, so a message added to this family is a compile error in each
     * handler until it is handled there.
     *
     * @param <R> what handling answers
     * @param <X> what handling may throw
     */
    interface Handler<R, X extends Exception> {
        R key(Key message) throws X;

        R text(Text message) throws X;

        R move(Move message) throws X;

        R moveBy(MoveBy message) throws X;

        R button(Button message) throws X;

        R wheel(Wheel message) throws X;

        R releaseAll(ReleaseAll message) throws X;

        R clipboard(Clipboard message) throws X;

        R resize(Resize message) throws X;
    }

    /** A key goes down or up; {@code keysym} says what it means (0x61 'a', 0xff0d Return, 0x10020ac €). */
    record Key(Integer keysym, Boolean down) implements InputMessage {
        public Key {
            require(keysym != null && keysym > 0 && keysym <= 0x0110ffff, "'keysym' must be an X keysym");
            require(down != null, "'down' is required");
        }

        @Override
        public <R, X extends Exception> R handledBy(Handler<R, X> handler) throws X {
            return handler.key(this);
        }
    }

    /**
     * Text that came without usable key presses (an on-screen keyboard, an input method, dictation), typed on the
     * desktop character by character.
     */
    record Text(String text) implements InputMessage {
        public static final int MAX_CHARS = 4096;

        public Text {
            require(text != null && !text.isEmpty() && text.length() <= MAX_CHARS,
                    "'text' is required, at most " + MAX_CHARS + " characters");
        }

        @Override
        public <R, X extends Exception> R handledBy(Handler<R, X> handler) throws X {
            return handler.text(this);
        }
    }

    /**
     * The pointer moves to a pixel of the video picture. {@code width} and {@code height}, when given, are the size
     * of the picture the pixel was picked on, which may be smaller than the screen (a scaled-down picture, a
     * simulcast layer): the pixel is scaled to the screen. Without them, the pixel is the screen's.
     */
    record Move(Integer x, Integer y, Integer width, Integer height) implements InputMessage {
        public Move {
            require(x != null && y != null, "'x' and 'y' are required");
            require((width == null) == (height == null), "'width' and 'height' come together");
            require(width == null || width > 0 && height > 0 && width <= 16384 && height <= 16384,
                    "'width' and 'height' are the picture's size, 1 to 16384");
        }

        @Override
        public <R, X extends Exception> R handledBy(Handler<R, X> handler) throws X {
            return handler.move(this);
        }
    }

    /** The pointer moves by a distance, as a mouse under pointer lock does. */
    record MoveBy(Integer dx, Integer dy) implements InputMessage {
        public MoveBy {
            require(dx != null && dy != null && Math.abs(dx) <= 4096 && Math.abs(dy) <= 4096,
                    "'dx' and 'dy' are required, at most 4096");
        }

        @Override
        public <R, X extends Exception> R handledBy(Handler<R, X> handler) throws X {
            return handler.moveBy(this);
        }
    }

    /** A mouse button: 1 left, 2 middle, 3 right, 8 back, 9 forward. */
    record Button(Integer button, Boolean down) implements InputMessage {
        public Button {
            require(button != null && (button >= 1 && button <= 3 || button == 8 || button == 9),
                    "'button' must be 1, 2, 3, 8 or 9");
            require(down != null, "'down' is required");
        }

        @Override
        public <R, X extends Exception> R handledBy(Handler<R, X> handler) throws X {
            return handler.button(this);
        }
    }

    /** Wheel steps: positive {@code dy} scrolls down, positive {@code dx} right. */
    record Wheel(Integer dx, Integer dy) implements InputMessage {
        public Wheel {
            require(dx != null && dy != null && Math.abs(dx) <= 50 && Math.abs(dy) <= 50,
                    "'dx' and 'dy' are required, at most 50 steps");
        }

        @Override
        public <R, X extends Exception> R handledBy(Handler<R, X> handler) throws X {
            return handler.wheel(this);
        }
    }

    /** Let go of every key and button (the page lost focus). */
    record ReleaseAll() implements InputMessage {
        @Override
        public <R, X extends Exception> R handledBy(Handler<R, X> handler) throws X {
            return handler.releaseAll(this);
        }
    }

    /** Clipboard text: from the viewer, to put on the desktop; from the server, copied on the desktop. */
    record Clipboard(String text) implements InputMessage, DesktopMessage {
        public Clipboard {
            require(text != null, "'text' is required");
        }

        @Override
        public <R, X extends Exception> R handledBy(Handler<R, X> handler) throws X {
            return handler.clipboard(this);
        }
    }

    /** The viewer's window, in device pixels: the size the desktop should take. */
    record Resize(Integer width, Integer height) implements InputMessage {
        public Resize {
            require(width != null && height != null && width > 0 && height > 0 && width <= 16384 && height <= 16384,
                    "'width' and 'height' are required, 1 to 16384");
        }

        @Override
        public <R, X extends Exception> R handledBy(Handler<R, X> handler) throws X {
            return handler.resize(this);
        }
    }
}
