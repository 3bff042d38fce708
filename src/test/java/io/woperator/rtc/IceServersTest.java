package io.woperator.rtc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.woperator.config.Settings;
import io.woperator.protocol.IceServer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class IceServersTest {
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(100), ZoneOffset.UTC);

    @Test
    void sharedSecretGivesEachViewerExpiringCredentialsCoturnAccepts() {
        IceServers servers = new IceServers(new Settings.Ice(List.of("stun:127.0.0.1:3478"),
                List.of("turn:127.0.0.1:3478?transport=udp"), null, null, "s3cret", false, 0, 0, null), CLOCK);
        List<IceServer> forViewer = servers.forViewer("v1");
        assertEquals(new IceServer(List.of("stun:127.0.0.1:3478"), null, null), forViewer.get(0));
        IceServer turn = forViewer.get(1);
        assertEquals((100 + IceServers.CREDENTIAL_SECONDS) + ":v1", turn.username());
        // echo -n "86500:v1" | openssl dgst -sha1 -hmac s3cret -binary | base64
        assertEquals("moNPSolvEZWrH5aSFk/7Xz9QeDU=", turn.credential());
    }

    @Test
    void fixedCredentialsPassThrough() {
        IceServers servers = new IceServers(new Settings.Ice(List.of(), List.of("turns:turn.example:5349"),
                "user", "pass", null, true, 0, 0, null), CLOCK);
        assertEquals(List.of(new IceServer(List.of("turns:turn.example:5349"), "user", "pass")), servers.forViewer("v9"));
    }
}
