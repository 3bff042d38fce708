package io.woperator.stream;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.woperator.protocol.StreamSpec;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streams made through the API, kept in {@code streams.json} in the state directory so that they come back
 * after a restart, started again if they were running. Written whole to a temporary file and moved over the old
 * one, so a crash mid-write leaves the previous list.
 */
public final class StreamStore {

    /** A kept stream and whether it was serving. */
    public record Entry(StreamSpec stream, boolean running) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(StreamStore.class);
    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private final Path file;

    public StreamStore(Path stateDir) {
        this.file = stateDir.resolve("streams.json");
    }

    public Path file() {
        return file;
    }

    /** What was kept; nothing when there is no file yet, and nothing (said in the log) when it cannot be read. */
    public List<Entry> load() {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            List<Entry> entries = JSON.readValue(file.toFile(), new TypeReference<List<Entry>>() { });
            return entries.stream().filter(e -> e != null && e.stream() != null).toList();
        } catch (JacksonException e) {
            Path aside = file.resolveSibling("streams.json.unreadable");
            try {
                Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException moving) {
                LOG.error("Could not move {} aside: {}", file, moving.getMessage());
            }
            LOG.error("The kept streams in {} cannot be read ({}); starting without them. The file was moved to {}",
                    file, e.getOriginalMessage(), aside);
            return List.of();
        } catch (IOException e) {
            LOG.error("The kept streams in {} cannot be read: {}", file, e.getMessage());
            return List.of();
        }
    }

    public void save(List<Entry> entries) throws IOException {
        Files.createDirectories(file.getParent());
        Path temporary = file.resolveSibling("streams.json.tmp");
        JSON.writeValue(temporary.toFile(), entries);
        try {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
