package io.woperator.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A stream's recording as the streams API tells of it.
 *
 * @param file    the file's name in the recordings folder (download it at /api/recordings/{file})
 * @param started when it started, ISO-8601
 * @param bytes   the file's size once stopped; null while it runs
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RecordingInfo(String stream, String file, String format, String started, Long bytes) {

    /** A file in the recordings folder; {@code recording} while a stream is still being written into it. */
    public record File(String name, long bytes, String modified, boolean recording) {
    }
}
