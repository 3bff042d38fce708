package io.woperator.session;

import io.woperator.config.Role;
import io.woperator.desktop.CursorImage;
import java.util.concurrent.CompletionStage;

/** A connected viewer as the registry sees it. */
public interface Viewer {

    String id();

    /** What this viewer's credentials let it do. */
    Role role();

    /** Tells the viewer who drives the desktop now (null: no one) and how many viewers are connected. */
    void control(String controllerId, int viewers);

    /** Asks the viewer in control (or an admin) whether another viewer may take over. */
    void controlRequested(String viewerId);

    /** Tells the viewer whether the desktop's sound reaches it, and if not, why. */
    void audioStatus(boolean available, String reason);

    /** Shows the viewer the desktop's pointer as it looks now. */
    void cursor(CursorImage image);

    /** Offers the viewer text copied on the desktop. */
    void clipboard(String text);

    /** Tells the viewer that text was copied on the desktop but is too large to send. */
    void clipboardTooLarge(long bytes);

    /** Tells the viewer why it is being let go, closes its connection, and completes once it is gone. */
    CompletionStage<Void> goodbye(String reason);
}
