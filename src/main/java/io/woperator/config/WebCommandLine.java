package io.woperator.config;

import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The command line of {@code woperator web}: the viewer's page alone, pointed at a signaling hub. */
@Command(name = "woperator web", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        versionProvider = CommandLineOptions.Version.class,
        description = "Serves the viewer's page, whose browsers open desktops through the signaling hub.",
        footer = {"", "Every option can also be set by an environment variable: --signaling-url by SIGNALING_URL,",
                "--port by PORT, and so on. The hub must let this page's origin in (its --allowed-origins)."})
public final class WebCommandLine {

    /** How the page is served, and where its browsers find the hub. */
    public record WebSettings(String bindAddress, int port, URI signalingUrl, Path webDir, String logLevel) {
    }

    @Option(names = "--port", defaultValue = "8080", description = "HTTP port (default: ${DEFAULT-VALUE}).")
    int port;

    @Mixin
    final ServingOptions serving = new ServingOptions();

    @Option(names = "--signaling-url", defaultValue = "ws://localhost:8765",
            description = "The signaling hub as browsers reach it (default: ${DEFAULT-VALUE}).")
    String signalingUrl;

    /** Parses the flags over the given environment; prints help, version or the error to the writers. */
    public static Parsed<WebSettings> parse(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err) {
        return Parsed.parse("web", new WebCommandLine(), options -> new WebSettings(options.serving.bindAddress,
                options.port, hub(options.signalingUrl), options.serving.webDir, options.serving.logLevel), args, env, out, err);
    }

    /** The hub's WebSocket for viewers: the URL as given, with /ws when it names no path. */
    private static URI hub(String url) {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--signaling-url is not a URL: " + e.getMessage());
        }
        if (uri.getScheme() == null || !(uri.getScheme().equals("ws") || uri.getScheme().equals("wss"))
                || uri.getHost() == null || uri.getRawQuery() != null) {
            throw new IllegalArgumentException("--signaling-url must be ws:// or wss:// with a host and no query, not '"
                    + url + "'");
        }
        String path = uri.getPath();
        return path == null || path.isEmpty() || path.equals("/") ? uri.resolve("/ws") : uri;
    }
}
