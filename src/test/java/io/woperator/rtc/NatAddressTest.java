package io.woperator.rtc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class NatAddressTest {
    private static final String HOST = "candidate:1 1 udp 2122260223 172.17.0.2 50012 typ host generation 0";
    private static final String RELAY = "candidate:5 1 udp 41885439 198.51.100.7 61000 typ relay raddr 0.0.0.0 rport 0";

    @Test
    void hostCandidatesGetThePublicAddressAndKeepTheirPort() {
        assertEquals("candidate:1 1 udp 2122260223 203.0.113.9 50012 typ host generation 0",
                NatAddress.rewrite(HOST, "203.0.113.9"));
    }

    @Test
    void otherCandidatesAndNoAddressLeaveItAlone() {
        assertEquals(RELAY, NatAddress.rewrite(RELAY, "203.0.113.9"));
        assertEquals(HOST, NatAddress.rewrite(HOST, null));
        assertEquals("garbage typ host", NatAddress.rewrite("garbage typ host", "203.0.113.9"));
    }
}
