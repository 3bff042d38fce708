package io.woperator.recording;

import io.woperator.config.RecordingFormat;
import io.woperator.media.MediaTap;
import io.woperator.protocol.RecordingInfo;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recordings of every stream, in one folder ({@code --recordings-dir}): at most one running per stream, each
 * file named by its stream and the time it started ({@code desktop-20261130-142501.webm}). A folder that cannot be
 * made or written to is a clear error when a recording starts; a disk that fills up stops that recording (the
 * file is closed with what it has) and never the stream.
 */
public final class Recordings {

    private static final Logger LOG = LoggerFactory.getLogger(Recordings.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    /** What a file of ours is called: a stream's id, a time, a format; nothing else is listed or served. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}-\\d{8}-\\d{6}(-\\d+)?\\.(webm|mp4)");

    private final Path folder;
    private final RecordingFormat defaultFormat;
    private final Clock clock;
    private final Map<String, Running> running = new ConcurrentHashMap<>();

    /**
     * What is recorded: a stream's id and frame rate, whether it has a picture and sound, and how to give it a tap
     * (null takes it away).
     */
    public record Source(String streamId, int fps, boolean picture, boolean sound, Consumer<MediaTap> tap) {
    }

    private record Running(Source source, Recorder recorder, RecordingFormat format, Instant started) {
        RecordingInfo info(Long bytes) {
            return new RecordingInfo(source.streamId(), recorder.file().getFileName().toString(), format.extension(),
                    started.toString(), bytes);
        }
    }

    public Recordings(Path folder, RecordingFormat defaultFormat, Clock clock) {
        this.folder = folder;
        this.defaultFormat = defaultFormat;
        this.clock = clock;
    }

    /**
     * Starts recording a stream into a new file.
     *
     * @param format null for the server's default
     */
    public synchronized RecordingInfo start(Source source, RecordingFormat format) throws RecordingException {
        String id = source.streamId();
        if (running.containsKey(id)) {
            throw new RecordingException(RecordingException.Reason.ALREADY_RECORDING, "stream '" + id
                    + "' is being recorded already, to " + running.get(id).recorder().file().getFileName());
        }
        RecordingFormat chosen = format == null ? defaultFormat : format;
        Instant now = clock.instant();
        Path file = newFile(id, now, chosen);
        Running started = new Running(source, new Recorder(id, file, chosen, source.fps(), source.picture(),
                source.sound(), failure -> failed(id, failure)), chosen, now);
        running.put(id, started);
        source.tap().accept(started.recorder());
        LOG.info("Recording stream {} to {}", id, file);
        return started.info(null);
    }

    /** Stops a stream's recording and closes its file; returns it with its size. */
    public RecordingInfo stop(String streamId) throws RecordingException {
        Running stopped;
        synchronized (this) {
            stopped = running.remove(streamId);
        }
        if (stopped == null) {
            throw new RecordingException(RecordingException.Reason.NOT_RECORDING, "stream '" + streamId
                    + "' is not being recorded");
        }
        stopped.source().tap().accept(null);
        stopped.recorder().stop();
        return stopped.info(size(stopped.recorder().file()));
    }

    /** The file a stream is being recorded to, or null. */
    public String recordingOf(String streamId) {
        Running r = running.get(streamId);
        return r == null ? null : r.recorder().file().getFileName().toString();
    }

    /** Stops every recording, keeping what each has (the server is shutting down). */
    public void close() {
        for (String id : List.copyOf(running.keySet())) {
            try {
                stop(id);
            } catch (RecordingException e) {
                // stopped meanwhile
            }
        }
    }

    /** The recordings in the folder, newest first. */
    public List<RecordingInfo.File> list() throws RecordingException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<RecordingInfo.File> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (NAME.matcher(name).matches() && Files.isRegularFile(entry)) {
                    files.add(new RecordingInfo.File(name, Files.size(entry),
                            Files.getLastModifiedTime(entry).toInstant().toString(), running.values().stream()
                                    .anyMatch(r -> r.recorder().file().equals(entry))));
                }
            }
        } catch (IOException e) {
            throw new RecordingException(RecordingException.Reason.CANNOT_RECORD, "cannot list " + folder + ": "
                    + e.getMessage());
        }
        files.sort(Comparator.comparing(RecordingInfo.File::modified).reversed());
        return files;
    }

    /** A recording's file by its name, for downloading; null when there is no such recording. */
    public Path file(String name) {
        if (!NAME.matcher(name).matches()) {
            return null;
        }
        Path file = folder.resolve(name);
        return Files.isRegularFile(file) ? file : null;
    }

    private void failed(String streamId, String failure) {
        Running current;
        synchronized (this) {
            current = running.remove(streamId);
        }
        if (current != null) {
            current.source().tap().accept(null);
            LOG.error("Stream {} goes on without its recording: {}", streamId, failure);
        }
    }

    private Path newFile(String streamId, Instant now, RecordingFormat format) throws RecordingException {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new RecordingException(RecordingException.Reason.CANNOT_RECORD, "cannot make the recordings folder "
                    + folder + " (--recordings-dir): " + reason(e));
        }
        String stamp = STAMP.format(now.atZone(ZoneId.systemDefault()));
        for (int n = 0; n < 100; n++) {
            Path file = folder.resolve(streamId + "-" + stamp + (n == 0 ? "" : "-" + n) + "." + format.extension());
            try {
                return Files.createFile(file);
            } catch (FileAlreadyExistsException e) {
                // another recording this second: the next number
            } catch (IOException e) {
                throw new RecordingException(RecordingException.Reason.CANNOT_RECORD, "cannot write in the recordings "
                        + "folder " + folder + " (--recordings-dir): " + reason(e));
            }
        }
        throw new RecordingException(RecordingException.Reason.CANNOT_RECORD, "too many recordings of '" + streamId
                + "' this second");
    }

    private static String reason(IOException e) {
        return e instanceof AccessDeniedException ? "permission denied" : e.getClass().getSimpleName() + " "
                + e.getMessage();
    }

    private static Long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return null;
        }
    }
}
