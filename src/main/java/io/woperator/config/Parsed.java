package io.woperator.config;

import java.io.PrintWriter;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine;

/**
 * What parsing one of the jar's command lines came to: settings to run with, or an exit code after help, version or
 * an error. Every role parses the same way: its flags over the environment's defaults (see
 * {@link EnvironmentDefaults}), then its settings, whose checks are errors like a bad flag's.
 */
public sealed interface Parsed<T> {

    record Run<T>(T settings) implements Parsed<T> {
    }

    record Exit<T>(int code) implements Parsed<T> {
    }

    /**
     * @param role     the jar's role, as its first argument says ("signaling", "web", "sender"), or "" for the server
     * @param options  the picocli-annotated object the flags go into
     * @param settings what the options make, once parsed
     */
    static <O, T> Parsed<T> parse(String role, O options, Function<O, T> settings, String[] args,
            Map<String, String> env, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(options).setDefaultValueProvider(new EnvironmentDefaults(env));
        cli.setOut(out).setErr(err);
        try {
            CommandLine.ParseResult parsed = cli.parseArgs(args);
            if (CommandLine.printHelpIfRequested(parsed)) {
                return new Exit<>(0);
            }
            return new Run<>(settings.apply(options));
        } catch (CommandLine.ParameterException | IllegalArgumentException e) {
            String command = role.isEmpty() ? "" : " " + role;
            err.println("woperator" + command + ": " + e.getMessage());
            err.println("Try 'java -jar woperator.jar" + command + " --help'.");
            err.flush();
            return new Exit<>(2);
        }
    }
}
