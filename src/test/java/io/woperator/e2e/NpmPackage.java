package io.woperator.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A package from the npm registry for the tests (clients that are not ours), installed the first time into a
 * folder of its own under target/npm, so that installing one never prunes another.
 */
public final class NpmPackage {

    private NpmPackage() {
    }

    /** The file {@code file} of package {@code name} at {@code version}, installed if it is not yet. */
    public static Path file(String name, String version, String file) throws IOException, InterruptedException {
        Path prefix = Path.of("target", "npm", name.replace('/', '+') + "@" + version);
        Path path = prefix.resolve("node_modules").resolve(name).resolve(file);
        if (!Files.isRegularFile(path)) {
            Process npm = new ProcessBuilder("npm", "install", "--prefix", prefix.toString(), "--no-save",
                    "--no-audit", "--no-fund", name + "@" + version).inheritIO().start();
            if (npm.waitFor() != 0 || !Files.isRegularFile(path)) {
                throw new IOException("npm install " + name + "@" + version + " failed, or has no " + file);
            }
        }
        return path;
    }
}
