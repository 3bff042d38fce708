package io.woperator.rtc;

import io.woperator.config.Settings;
import io.woperator.protocol.IceServer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The STUN and TURN servers each viewer's connection uses, on both ends. With a TURN shared secret the
 * credentials are made per viewer and expire (the TURN REST scheme coturn's use-auth-secret checks): the
 * username is "expiry-time:viewer", the password the base64 HMAC-SHA1 of the username under the secret.
 */
public final class IceServers {

    /** How long TURN credentials made from the shared secret stay valid. */
    static final long CREDENTIAL_SECONDS = 24 * 3600;

    private final Settings.Ice ice;
    private final Clock clock;

    public IceServers(Settings.Ice ice, Clock clock) {
        this.ice = ice;
        this.clock = clock;
    }

    /** The servers for one viewer, with fresh TURN credentials when a shared secret is set. */
    public List<IceServer> forViewer(String viewerId) {
        List<IceServer> servers = new ArrayList<>();
        if (!ice.stunUrls().isEmpty()) {
            servers.add(new IceServer(ice.stunUrls(), null, null));
        }
        if (!ice.turnUrls().isEmpty()) {
            if (ice.turnSharedSecret() != null) {
                String username = (clock.instant().getEpochSecond() + CREDENTIAL_SECONDS) + ":" + viewerId;
                servers.add(new IceServer(ice.turnUrls(), username, hmacSha1(ice.turnSharedSecret(), username)));
            } else {
                servers.add(new IceServer(ice.turnUrls(), ice.turnUsername(), ice.turnPassword()));
            }
        }
        return servers;
    }

    public boolean relayOnly() {
        return ice.relayOnly();
    }

    static String hmacSha1(String secret, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is part of every JDK", e);
        }
    }
}
