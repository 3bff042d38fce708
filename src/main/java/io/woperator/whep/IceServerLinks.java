package io.woperator.whep;

import io.woperator.protocol.IceServer;
import java.util.ArrayList;
import java.util.List;

/**
 * The STUN and TURN servers as WHEP tells a player about them: one {@code Link} header value per URL, with
 * {@code rel="ice-server"} and, for TURN, the credentials (RFC 9725, section 4.6).
 */
final class IceServerLinks {

    private IceServerLinks() {
    }

    static List<String> of(List<IceServer> servers) {
        List<String> links = new ArrayList<>();
        for (IceServer server : servers) {
            for (String url : server.urls()) {
                StringBuilder link = new StringBuilder("<").append(url).append(">; rel=\"ice-server\"");
                if (server.username() != null && server.credential() != null) {
                    link.append("; username=\"").append(quoted(server.username())).append("\"; credential=\"")
                            .append(quoted(server.credential())).append("\"; credential-type=\"password\"");
                }
                links.add(link.toString());
            }
        }
        return links;
    }

    private static String quoted(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
