package io.woperator.janus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class JanusFanoutTest {

    @Test
    void simulcastLayersAreOfferedHighestFirstAsJanusReadsThem() {
        String offer = String.join("\r\n", "v=0", "m=video 9 UDP/TLS/RTP/SAVPF 96", "a=mid:0", "a=rid:0 send",
                "a=rid:1 send", "a=rid:2 send", "a=simulcast:send 0;1;2", "m=audio 9 UDP/TLS/RTP/SAVPF 111", "");
        assertEquals(String.join("\r\n", "v=0", "m=video 9 UDP/TLS/RTP/SAVPF 96", "a=mid:0", "a=rid:2 send",
                "a=rid:1 send", "a=rid:0 send", "a=simulcast:send 2;1;0", "m=audio 9 UDP/TLS/RTP/SAVPF 111", ""),
                JanusFanout.highestLayerFirst(offer));
    }

    @Test
    void anOfferWithoutSimulcastIsLeftAsItIs() {
        String offer = "v=0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\na=mid:0\r\n";
        assertEquals(offer, JanusFanout.highestLayerFirst(offer));
    }
}
