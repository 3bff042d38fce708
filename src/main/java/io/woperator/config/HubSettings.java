package io.woperator.config;

import java.nio.file.Path;

/**
 * What the signaling hub ({@code woperator signaling}) is told at start-up.
 *
 * @param access          who may open the page and the viewers' WebSocket: the same tokens and roles as a server's
 * @param senderSecret    what senders must show (Authorization: Bearer); null: only senders on this machine
 * @param web             whether the hub serves the viewer's page too
 * @param webDir          serve the viewer from this directory instead of the copy in the jar, or null
 * @param maxMessageBytes largest message a viewer may send; a sender's, which carry viewers', four times that
 */
public record HubSettings(String bindAddress, int port, Settings.Access access, String senderSecret, boolean web,
        Path webDir, String logLevel, int maxMessageBytes) {

    @Override
    public String toString() {
        return "HubSettings[" + bindAddress + ":" + port + "]"; // never the secrets
    }
}
