package io.woperator.whep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.woperator.protocol.IceServer;
import java.util.List;
import org.junit.jupiter.api.Test;

class IceServerLinksTest {

    @Test
    void eachUrlIsALinkAndTurnCarriesItsCredentials() {
        List<String> links = IceServerLinks.of(List.of(
                new IceServer(List.of("stun:stun.example.net"), null, null),
                new IceServer(List.of("turn:turn.example.net?transport=udp", "turns:turn.example.net:5349"),
                        "1700000000:v1", "pa\"ss")));
        assertEquals(List.of(
                "<stun:stun.example.net>; rel=\"ice-server\"",
                "<turn:turn.example.net?transport=udp>; rel=\"ice-server\"; username=\"1700000000:v1\"; "
                        + "credential=\"pa\\\"ss\"; credential-type=\"password\"",
                "<turns:turn.example.net:5349>; rel=\"ice-server\"; username=\"1700000000:v1\"; "
                        + "credential=\"pa\\\"ss\"; credential-type=\"password\""), links);
    }
}
