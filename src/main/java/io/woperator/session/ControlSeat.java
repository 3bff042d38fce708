package io.woperator.session;

import io.woperator.config.Role;
import java.util.List;

/**
 * Who drives the desktop: at most one viewer at a time. The first viewer who may drive takes the free seat;
 * later ones ask the one in it (an admin takes it without asking); whoever holds it, or an admin, hands it on.
 * When the one in it leaves and a single viewer who may drive remains, that one takes it, as it would have on
 * joining alone: a page reloaded joins before its old session is seen to leave, and keeps the controls.
 * Not thread-safe: {@link ViewerRegistry} calls it under its lock.
 */
public final class ControlSeat {

    /** What a request for control came to. */
    public enum Request { GRANTED, ALREADY_IN_CONTROL, ASKED, VIEW_ONLY }

    /** What handing control to someone came to. */
    public enum Grant { GRANTED, NOT_YOURS_TO_GIVE, VIEW_ONLY, NO_SUCH_VIEWER }

    private String holder;

    ControlSeat() {
    }

    String holder() {
        return holder;
    }

    /** A viewer joined: it takes the seat if the seat is free and it may drive. True when the seat changed. */
    boolean joined(String id, Role role) {
        if (holder == null && role.mayControl()) {
            holder = id;
            return true;
        }
        return false;
    }

    /**
     * A viewer left; if the seat was theirs, it goes to the one viewer left who may drive, or is free when there
     * are none or several. True when the seat changed.
     */
    boolean left(String id, List<String> remainingDrivers) {
        if (id.equals(holder)) {
            holder = remainingDrivers.size() == 1 ? remainingDrivers.get(0) : null;
            return true;
        }
        return false;
    }

    Request request(String id, Role role) {
        if (!role.mayControl()) {
            return Request.VIEW_ONLY;
        }
        if (id.equals(holder)) {
            return Request.ALREADY_IN_CONTROL;
        }
        if (holder == null || role == Role.ADMIN) {
            holder = id;
            return Request.GRANTED;
        }
        return Request.ASKED;
    }

    Grant grant(String giverId, Role giverRole, String toId, Role toRole) {
        if (!giverId.equals(holder) && giverRole != Role.ADMIN) {
            return Grant.NOT_YOURS_TO_GIVE;
        }
        if (!toRole.mayControl()) {
            return Grant.VIEW_ONLY;
        }
        holder = toId;
        return Grant.GRANTED;
    }

    /** The holder lets go: the seat is free. True when the seat changed. */
    boolean release(String id) {
        return left(id, List.of());
    }
}
