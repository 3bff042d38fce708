package io.woperator.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** A STUN or TURN server as RTCPeerConnection takes it: in the server's own config and in the viewer's. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IceServer(List<String> urls, String username, String credential) {
}
