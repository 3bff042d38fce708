package io.woperator.recording;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.bytedeco.javacv.Seekable;

/**
 * The file a recording goes to, written through FFmpeg's output callbacks. FFmpeg only notes a write that fails (a
 * full disk, a file-size limit) and carries on, and JavaCV does not ask it: the first failure is kept here, for the
 * recorder to stop on. Seekable, so that a muxer can go back to fill in what it learns at the end (WebM's length).
 */
final class RecordingFile extends OutputStream implements Seekable {

    private static final int SEEK_SET = 0;
    private static final int SEEK_CUR = 1;
    private static final int SEEK_END = 2;

    private final FileChannel channel;
    private volatile IOException failure;

    /** Opens an existing file (the recordings' folder made it, to be sure of the name), emptied. */
    RecordingFile(Path file) throws IOException {
        this.channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
    }

    /** The first write that failed, or null. */
    IOException failure() {
        return failure;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        try {
            ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        } catch (IOException e) {
            if (failure == null) {
                failure = e;
            }
            throw e;
        }
    }

    @Override
    public void seek(long offset, int whence) {
        try {
            switch (whence) {
                case SEEK_SET -> channel.position(offset);
                case SEEK_CUR -> channel.position(channel.position() + offset);
                case SEEK_END -> channel.position(channel.size() + offset);
                default -> throw new IllegalArgumentException("no seek of kind " + whence);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
