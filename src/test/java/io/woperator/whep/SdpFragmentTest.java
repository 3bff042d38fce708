package io.woperator.whep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SdpFragmentTest {

    @Test
    void readsCandidatesPerMediaSectionAsAPlayerTricklesThem() {
        SdpFragment fragment = SdpFragment.parse("""
                a=ice-ufrag:EsAw\r
                a=ice-pwd:P2uYro0UCOQ4zxjKXaWCBui1\r
                m=audio 9 UDP/TLS/RTP/SAVPF 0\r
                a=mid:0\r
                a=candidate:1387637174 1 udp 2122260223 192.0.2.1 61764 typ host generation 0 ufrag EsAw\r
                m=video 9 UDP/TLS/RTP/SAVPF 0\r
                a=mid:1\r
                a=candidate:3471623853 1 udp 2122194687 198.51.100.2 61765 typ host\r
                a=end-of-candidates\r
                """);
        assertEquals("EsAw", fragment.ufrag());
        assertEquals("P2uYro0UCOQ4zxjKXaWCBui1", fragment.pwd());
        assertEquals(List.of(
                new SdpFragment.Candidate("0",
                        "candidate:1387637174 1 udp 2122260223 192.0.2.1 61764 typ host generation 0 ufrag EsAw"),
                new SdpFragment.Candidate("1", "candidate:3471623853 1 udp 2122194687 198.51.100.2 61765 typ host")),
                fragment.candidates());
        assertTrue(fragment.endOfCandidates());
    }

    @Test
    void garbageIsRefusedWithAReason() {
        assertThrows(IllegalArgumentException.class, () -> SdpFragment.parse("hello"));
        assertThrows(IllegalArgumentException.class, () -> SdpFragment.parse(""));
        assertThrows(IllegalArgumentException.class,
                () -> SdpFragment.parse("a=candidate:1 1 udp 1 192.0.2.1 1 typ host"), "no media section");
    }
}
