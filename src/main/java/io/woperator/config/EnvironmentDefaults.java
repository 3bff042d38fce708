package io.woperator.config;

import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Supplies an option's default from the environment: {@code --video-codec} reads {@code WOPERATOR_VIDEO_CODEC},
 * and where selkies users know another name ({@code PORT}, {@code LOG_LEVEL}, {@code RESOLUTION}) that one too.
 */
final class EnvironmentDefaults implements IDefaultValueProvider {

    /** Seed names users already know, for the options that have one. */
    private static final Map<String, String> SEED_NAMES = Map.of(
            "--port", "PORT",
            "--log-level", "LOG_LEVEL",
            "--resolution", "RESOLUTION",
            "--display", "DISPLAY");

    private final Map<String, String> env;

    EnvironmentDefaults(Map<String, String> env) {
        this.env = env;
    }

    static String variableFor(String longName) {
        return "WOPERATOR_" + longName.replaceFirst("^--", "").replace('-', '_').toUpperCase(Locale.ROOT);
    }

    @Override
    public String defaultValue(ArgSpec argSpec) {
        if (!(argSpec instanceof OptionSpec option)) {
            return null;
        }
        String name = option.longestName();
        String value = env.get(variableFor(name));
        if (isBlank(value) && SEED_NAMES.containsKey(name)) {
            value = env.get(SEED_NAMES.get(name));
        }
        return isBlank(value) ? option.defaultValue() : value;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
