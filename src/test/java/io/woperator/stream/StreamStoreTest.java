package io.woperator.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.woperator.protocol.StreamSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamStoreTest {

    @TempDir
    Path dir;

    @Test
    void keepsStreamsAndWhetherTheyRan() throws Exception {
        StreamStore store = new StreamStore(dir.resolve("state"));
        assertEquals(List.of(), store.load());
        List<StreamStore.Entry> kept = List.of(
                new StreamStore.Entry(StreamSpec.parse("id=cam1,kind=v4l2,device=/dev/video0,fps=30"), true),
                new StreamStore.Entry(StreamSpec.parse("id=tp,kind=test-pattern,description=Bars"), false));
        store.save(kept);
        assertEquals(kept, new StreamStore(dir.resolve("state")).load());
        assertTrue(Files.notExists(dir.resolve("state").resolve("streams.json.tmp")));
    }

    @Test
    void anUnreadableFileIsMovedAsideNotOverwritten() throws Exception {
        Files.writeString(dir.resolve("streams.json"), "[{\"stream\":{\"id\":\"a\",\"source\":{\"kind\":\"tv\"}}}]");
        StreamStore store = new StreamStore(dir);
        assertEquals(List.of(), store.load());
        assertTrue(Files.exists(dir.resolve("streams.json.unreadable")));
        assertTrue(Files.notExists(dir.resolve("streams.json")));
    }
}
