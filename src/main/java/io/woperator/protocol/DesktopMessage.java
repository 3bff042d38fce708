package io.woperator.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * What the server sends a viewer on the data channel "input":
 * <pre>
 *   cursor, clipboard, clipboard-too-large, sender-stats (once a second)
 * </pre>
 * {@code clipboard} is the record of {@link InputMessage}: the same both ways.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = DesktopMessage.Cursor.class, name = "cursor"),
    @JsonSubTypes.Type(value = InputMessage.Clipboard.class, name = "clipboard"),
    @JsonSubTypes.Type(value = DesktopMessage.ClipboardTooLarge.class, name = "clipboard-too-large"),
    @JsonSubTypes.Type(value = DesktopMessage.SenderStats.class, name = "sender-stats"),
})
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface DesktopMessage permits DesktopMessage.Cursor, InputMessage.Clipboard,
        DesktopMessage.ClipboardTooLarge, DesktopMessage.SenderStats {

    /** The desktop's pointer image (PNG, base64), to show as the viewer's own cursor. */
    record Cursor(String png, int width, int height, int hotX, int hotY) implements DesktopMessage {
    }

    /** Text was copied on the desktop, but too much of it to send ({@code bytes} is -1 when X did not say). */
    record ClipboardTooLarge(long bytes, long limit) implements DesktopMessage {
    }

    /**
     * What the server's encoder does for this viewer, once a second, and how long captured frames lately take to
     * reach it ({@code handOverMs}: convert and push).
     */
    record SenderStats(double targetKbps, double fps, int width, int height, double encodeMs, String limitation,
            String encoder, double handOverMs) implements DesktopMessage {
    }
}
