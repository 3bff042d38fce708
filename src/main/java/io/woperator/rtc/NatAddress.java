package io.woperator.rtc;

/**
 * For a server behind a 1:1 NAT (a container's bridge network, a cloud machine's private address): its host
 * candidates carry the address the browser can reach instead of the private one. The port is kept, so the NAT
 * must map ports one to one (publish the --ice-port-range).
 */
public final class NatAddress {
    private NatAddress() {
    }

    /**
     * Rewrites the connection address of a "typ host" candidate line to {@code publicIp}; other candidates (and
     * a null or blank {@code publicIp}) pass unchanged.
     */
    public static String rewrite(String candidate, String publicIp) {
        if (publicIp == null || publicIp.isBlank() || !candidate.contains(" typ host")) {
            return candidate;
        }
        // candidate:<foundation> <component> <transport> <priority> <address> <port> typ host ...
        String[] fields = candidate.split(" ");
        if (fields.length < 8) {
            return candidate;
        }
        fields[4] = publicIp;
        return String.join(" ", fields);
    }
}
