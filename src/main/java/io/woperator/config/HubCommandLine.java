package io.woperator.config;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The command line of {@code woperator signaling}, the hub that senders register with and viewers go through. */
@Command(name = "woperator signaling", mixinStandardHelpOptions = true, sortOptions = false,
        usageHelpAutoWidth = true, versionProvider = CommandLineOptions.Version.class,
        description = "Routes viewers' signaling to the senders registered with it; media never passes through it.",
        footer = {"", "Every option can also be set by an environment variable: --sender-secret by",
                "WOPERATOR_SENDER_SECRET, and so on; PORT and LOG_LEVEL are accepted too."})
public final class HubCommandLine {

    @Option(names = "--port", defaultValue = "8765", description = "HTTP and WebSocket port (default: ${DEFAULT-VALUE}).")
    int port;

    @Mixin
    final ServingOptions serving = new ServingOptions();

    @Option(names = "--sender-secret", description = "What senders must show to register (their --sender-secret); "
            + "without it only senders on this machine may.")
    String senderSecret;

    @Option(names = "--token", split = ",", description = "Tokens that let a viewer in, as for the server: SECRET or "
            + "SECRET:ROLE (view, control, admin). Without any, anyone who reaches the hub may watch and drive.")
    List<String> tokens = new ArrayList<>();

    @Option(names = "--allowed-origins", split = ",",
            description = "Other origins whose pages may open the WebSocket (default: the hub's own only).")
    List<String> allowedOrigins = new ArrayList<>();

    @Option(names = "--web", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Serve the viewer's page too (--no-web: signaling only).")
    boolean web;

    @Option(names = "--max-message-size", defaultValue = "65536",
            description = "Largest signaling message a viewer may send, bytes (default: ${DEFAULT-VALUE}).")
    int maxMessageBytes;

    /** Parses the hub's flags over the given environment; prints help, version or the error to the writers. */
    public static Parsed<HubSettings> parse(String[] args, Map<String, String> env, PrintWriter out,
            PrintWriter err) {
        return Parsed.parse("signaling", new HubCommandLine(), HubCommandLine::toSettings, args, env, out, err);
    }

    HubSettings toSettings() {
        if (maxMessageBytes < 1024) {
            throw new IllegalArgumentException("--max-message-size must be at least 1024");
        }
        return new HubSettings(serving.bindAddress, port, new Settings.Access(null, null,
                tokens.stream().map(String::trim).filter(t -> !t.isEmpty()).map(Settings.Token::parse).toList(),
                allowedOrigins.stream().map(String::trim).filter(o -> !o.isEmpty()).toList()),
                senderSecret == null || senderSecret.isBlank() ? null : senderSecret.trim(), web, serving.webDir, serving.logLevel,
                maxMessageBytes);
    }
}
