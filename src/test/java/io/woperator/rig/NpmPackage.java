package io.woperator.rig;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A package from the npm registry for the tests (clients that are not ours), installed the first time into a
 * folder of its own under target/npm, so that installing one never prunes another.
 */
public final class NpmPackage {

    private NpmPackage() {
    }

    /** The file {@code file} of package {@code name} at {@code version}, installed if it is not yet. */
    public static Path file(String name, String version, String file) throws IOException, InterruptedException {
        return file(name, version, file, Map.of());
    }

    /**
     * The same, with some of its dependencies replaced as npm's {@code overrides} says (a dependency that is not
     * installable from the registry, by a published fork of it).
     */
    public static Path file(String name, String version, String file, Map<String, String> overrides)
            throws IOException, InterruptedException {
        Path prefix = Path.of("target", "npm", name.replace('/', '+') + "@" + version);
        Path path = prefix.resolve("node_modules").resolve(name).resolve(file);
        if (!Files.isRegularFile(path)) {
            Files.createDirectories(prefix);
            Map<String, Object> manifest = new LinkedHashMap<>();
            manifest.put("private", true);
            manifest.put("dependencies", Map.of(name, version));
            manifest.put("overrides", overrides);
            new ObjectMapper().writeValue(prefix.resolve("package.json").toFile(), manifest);
            // not inheritIO: the test JVM's stdin and stdout are Surefire's channel to Maven, and node may leave
            // an inherited stdin non-blocking ("std/in stream corrupted" ends the whole run)
            Path log = prefix.resolve("npm-install.log");
            Process npm = new ProcessBuilder("npm", "install", "--prefix", prefix.toString(), "--no-audit",
                    "--no-fund").redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (npm.waitFor() != 0 || !Files.isRegularFile(path)) {
                throw new IOException("npm install " + name + "@" + version + " failed, or has no " + file + ":\n"
                        + Files.readString(log));
            }
        }
        return path;
    }
}
