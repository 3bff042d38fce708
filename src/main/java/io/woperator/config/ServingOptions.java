package io.woperator.config;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * What every command that serves HTTP is asked alike (the server, the hub, the page alone): where it listens, where
 * the viewer's files come from, and how much it logs. Each command's port differs, and stays its own.
 */
final class ServingOptions {

    @Option(names = "--bind", defaultValue = "0.0.0.0", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String bindAddress;

    @Option(names = "--web-dir", description = "Serve the viewer from this directory instead of the copy in the jar.")
    Path webDir;

    @Option(names = "--log-level", defaultValue = "info",
            description = "error, warn, info, debug or trace (default: ${DEFAULT-VALUE}).")
    String logLevel;
}
