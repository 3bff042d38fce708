package io.woperator.rtc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class WhepOfferTest {

    @Test
    void theFirstVideoAndAudioSectionsOfAnOfferAreFilled() {
        String offer = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0 1 2\r\n"
                + "a=ice-ufrag:EsAw\r\n"
                + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:0\r\na=recvonly\r\n"
                + "m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=mid:1\r\na=recvonly\r\n"
                + "m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=mid:2\r\na=recvonly\r\n";
        assertEquals(new WhepPeer.OfferedMedia("1", "0", List.of("0", "1", "2"), "EsAw"),
                WhepPeer.OfferedMedia.of(offer));
        assertEquals(new WhepPeer.OfferedMedia(null, null, List.of(), null), WhepPeer.OfferedMedia.of("v=0\r\n"));
    }
}
