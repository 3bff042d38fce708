package io.woperator.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.woperator.config.Role;
import java.util.List;
import org.junit.jupiter.api.Test;

class ControlSeatTest {

    private final ControlSeat seat = new ControlSeat();

    @Test
    void theFirstViewerWhoMayDriveTakesTheFreeSeat() {
        assertFalse(seat.joined("watcher", Role.VIEW));
        assertNull(seat.holder());
        assertTrue(seat.joined("ann", Role.CONTROL));
        assertFalse(seat.joined("bob", Role.CONTROL));
        assertEquals("ann", seat.holder());
    }

    @Test
    void othersAskAndTheHolderHandsOn() {
        seat.joined("ann", Role.CONTROL);
        assertEquals(ControlSeat.Request.ASKED, seat.request("bob", Role.CONTROL));
        assertEquals("ann", seat.holder());
        assertEquals(ControlSeat.Grant.NOT_YOURS_TO_GIVE, seat.grant("bob", Role.CONTROL, "bob", Role.CONTROL));
        assertEquals(ControlSeat.Grant.GRANTED, seat.grant("ann", Role.CONTROL, "bob", Role.CONTROL));
        assertEquals("bob", seat.holder());
        assertEquals(ControlSeat.Request.ALREADY_IN_CONTROL, seat.request("bob", Role.CONTROL));
    }

    @Test
    void aViewOnlyViewerNeverDrives() {
        seat.joined("ann", Role.CONTROL);
        assertEquals(ControlSeat.Request.VIEW_ONLY, seat.request("eve", Role.VIEW));
        assertEquals(ControlSeat.Grant.VIEW_ONLY, seat.grant("ann", Role.CONTROL, "eve", Role.VIEW));
        seat.left("ann", List.of());
        assertEquals(ControlSeat.Request.VIEW_ONLY, seat.request("eve", Role.VIEW));
        assertNull(seat.holder());
    }

    @Test
    void anAdminTakesWithoutAskingAndHandsOutToAnyDriver() {
        seat.joined("ann", Role.CONTROL);
        assertEquals(ControlSeat.Request.GRANTED, seat.request("boss", Role.ADMIN));
        assertEquals("boss", seat.holder());
        seat.grant("boss", Role.ADMIN, "bob", Role.CONTROL);
        assertEquals(ControlSeat.Grant.GRANTED, seat.grant("boss", Role.ADMIN, "ann", Role.CONTROL));
        assertEquals("ann", seat.holder());
    }

    @Test
    void theSeatIsFreeWhenItsHolderLeavesOrLetsGo() {
        seat.joined("ann", Role.CONTROL);
        assertFalse(seat.release("bob"));
        assertTrue(seat.release("ann"));
        assertNull(seat.holder());
        assertEquals(ControlSeat.Request.GRANTED, seat.request("bob", Role.CONTROL));
        assertTrue(seat.left("bob", List.of("cat", "dan")));
        assertNull(seat.holder(), "two may drive: neither is chosen for the other");
    }

    @Test
    void theOneDriverLeftTakesTheSeatWhenItsHolderLeaves() {
        // a reloaded page: its new session joined while the old one held the seat
        seat.joined("old", Role.CONTROL);
        seat.joined("new", Role.CONTROL);
        assertTrue(seat.left("old", List.of("new")));
        assertEquals("new", seat.holder());
        assertFalse(seat.left("watcher", List.of("new")), "someone else leaving changes nothing");
        assertEquals("new", seat.holder());
    }
}
