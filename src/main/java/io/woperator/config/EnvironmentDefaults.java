package io.woperator.config;

import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Supplies an option's default from the environment: {@code --video-codec} reads {@code WOPERATOR_VIDEO_CODEC},
 * and where selkies users know another name ({@code PORT}, {@code LOG_LEVEL}, {@code RESOLUTION},
 * {@code STUN_SERVER}, {@code TURN_*}) that one too.
 */
final class EnvironmentDefaults implements IDefaultValueProvider {

    /** Seed names users already know, for the options that have one. */
    private static final Map<String, String> SEED_NAMES = Map.ofEntries(
            Map.entry("--port", "PORT"),
            Map.entry("--log-level", "LOG_LEVEL"),
            Map.entry("--resolution", "RESOLUTION"),
            Map.entry("--display", "DISPLAY"),
            Map.entry("--simulcast", "SIMULCAST"),
            Map.entry("--janus-url", "JANUS_URL"),
            Map.entry("--stream", "WOPERATOR_STREAMS"),
            Map.entry("--signaling-url", "SIGNALING_URL"),
            Map.entry("--stun", "STUN_SERVER"),
            Map.entry("--turn", "TURN_SERVER"),
            Map.entry("--turn-host", "TURN_HOST"),
            Map.entry("--turn-port", "TURN_PORT"),
            Map.entry("--turn-protocol", "TURN_PROTOCOL"),
            Map.entry("--turn-tls", "TURN_TLS"),
            Map.entry("--turn-username", "TURN_USERNAME"),
            Map.entry("--turn-password", "TURN_PASSWORD"),
            Map.entry("--turn-shared-secret", "TURN_SHARED_SECRET"));

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
