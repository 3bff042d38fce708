package io.woperator.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One stream as it is described: its name ({@code id}, in URLs as {@code /?stream=id}), words for people, and the
 * source of its picture and sound. The same record comes from {@code --stream}, from the streams API's
 * {@code createStream} and from the stored streams file; every field is checked here, once.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StreamSpec(String id, String description, Source source) {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final int MAX_DESCRIPTION = 200;

    public StreamSpec {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("'id' must be 1 to 64 letters, digits, '-', '_' or '.', starting with a "
                    + "letter or digit");
        }
        if (description != null && description.length() > MAX_DESCRIPTION) {
            throw new IllegalArgumentException("'description' must be at most " + MAX_DESCRIPTION + " characters");
        }
        if (source == null) {
            throw new IllegalArgumentException("'source' is required: {\"kind\": \"x11\" | \"v4l2\" | \"test-pattern\" "
                    + "| \"pulse\", ...}");
        }
    }

    /** What a person reads for this stream: its description, or its id. */
    public String title() {
        return description == null || description.isBlank() ? id : description;
    }

    /**
     * Where a stream's picture and sound come from.
     *
     * @param kind    {@code x11} (a display), {@code v4l2} (a camera), {@code test-pattern}, or {@code pulse} (sound only)
     * @param display x11: the display, e.g. ":1" (default: the server's)
     * @param region  x11: only this part of the screen, WIDTHxHEIGHT+X+Y
     * @param device  v4l2: the camera's device, e.g. /dev/video0; pulse: the PulseAudio source
     * @param size    v4l2 and test-pattern: WIDTHxHEIGHT
     * @param fps     frames per second, 1 to 120 (default: the server's --fps)
     * @param format  v4l2: the camera's input format, e.g. mjpeg or yuyv422 (default: the camera's choice)
     * @param audio   a PulseAudio source sent with the picture, e.g. {@code @DEFAULT_MONITOR@}; absent: no sound
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Source(String kind, String display, String region, String device, String size, Integer fps,
            String format, String audio) {

        public static final Set<String> KINDS = Set.of("x11", "v4l2", "test-pattern", "pulse");
        private static final Pattern SIZE = Pattern.compile("(\\d{1,5})x(\\d{1,5})");
        private static final Pattern DISPLAY = Pattern.compile("[A-Za-z0-9_.-]*:\\d+(\\.\\d+)?");
        private static final Pattern PULSE_NAME = Pattern.compile("[A-Za-z0-9_.@:-]{1,200}");

        public Source {
            if (kind == null || !KINDS.contains(kind)) {
                throw new IllegalArgumentException("'kind' must be x11, v4l2, test-pattern or pulse"
                        + (kind == null ? "" : ", not '" + Texts.clip(kind, 60) + "'"));
            }
            if (display != null && !DISPLAY.matcher(display).matches()) {
                throw new IllegalArgumentException("'display' must be an X display such as :0 or :1");
            }
            if (region != null) {
                Region.parse(region);
            }
            if (size != null) {
                Matcher m = SIZE.matcher(size);
                if (!m.matches() || Integer.parseInt(m.group(1)) < 16 || Integer.parseInt(m.group(2)) < 16
                        || Integer.parseInt(m.group(1)) > 7680 || Integer.parseInt(m.group(2)) > 4320) {
                    throw new IllegalArgumentException("'size' must be WIDTHxHEIGHT between 16x16 and 7680x4320");
                }
            }
            if (fps != null && (fps < 1 || fps > 120)) {
                throw new IllegalArgumentException("'fps' must be 1 to 120");
            }
            if (format != null && !format.matches("[a-z0-9_]{1,32}")) {
                throw new IllegalArgumentException("'format' must be an FFmpeg input format name such as mjpeg or yuyv422");
            }
            if (audio != null && !PULSE_NAME.matcher(audio).matches()) {
                throw new IllegalArgumentException("'audio' must name a PulseAudio source");
            }
            switch (kind) {
                case "v4l2" -> {
                    if (device == null || !device.matches("/dev/[A-Za-z0-9_./-]{1,100}") || device.contains("..")) {
                        throw new IllegalArgumentException("a v4l2 source needs 'device', a path under /dev such as "
                                + "/dev/video0");
                    }
                }
                case "pulse" -> {
                    if (device != null && !PULSE_NAME.matcher(device).matches()) {
                        throw new IllegalArgumentException("'device' must name a PulseAudio source");
                    }
                }
                default -> {
                    if (device != null) {
                        throw new IllegalArgumentException("'device' is for v4l2 and pulse sources, not " + kind);
                    }
                }
            }
            if (region != null && !kind.equals("x11")) {
                throw new IllegalArgumentException("'region' is for x11 sources only");
            }
            if (display != null && !kind.equals("x11")) {
                throw new IllegalArgumentException("'display' is for x11 sources only");
            }
            if (format != null && !kind.equals("v4l2")) {
                throw new IllegalArgumentException("'format' is for v4l2 sources only");
            }
            if (size != null && !kind.equals("v4l2") && !kind.equals("test-pattern")) {
                throw new IllegalArgumentException("'size' is for v4l2 and test-pattern sources");
            }
        }

        /** Width and height of {@code size}, or null when not given. */
        public int[] dimensions() {
            if (size == null) {
                return null;
            }
            Matcher m = SIZE.matcher(size);
            m.matches();
            return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
        }

        /** Whether the stream has a picture: every kind but pulse. */
        public boolean hasVideo() {
            return !kind.equals("pulse");
        }

        /** The PulseAudio source to send, or null for a silent stream. */
        public String soundSource() {
            return kind.equals("pulse") ? (device == null ? "@DEFAULT_MONITOR@" : device) : audio;
        }
    }

    /**
     * Parses {@code --stream}'s form: {@code id=cam1,kind=v4l2,device=/dev/video0,size=1280x720,fps=30}, plus
     * {@code description=...}, {@code display}, {@code region}, {@code format} and {@code audio}.
     */
    public static StreamSpec parse(String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String part : text.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--stream '" + Texts.clip(text, 60) + "': '"
                        + Texts.clip(part.trim(), 60)
                        + "' is not KEY=VALUE");
            }
            String key = part.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            if (fields.put(key, part.substring(eq + 1).trim()) != null) {
                throw new IllegalArgumentException("--stream '" + Texts.clip(text, 60) + "': '" + key
                        + "' is given twice");
            }
        }
        Set<String> known = Set.of("id", "description", "kind", "display", "region", "device", "size", "fps",
                "format", "audio");
        for (String key : fields.keySet()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException("--stream '" + Texts.clip(text, 60) + "': unknown key '"
                        + Texts.clip(key, 60)
                        + "' (known: " + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        }
        Integer fps = null;
        if (fields.containsKey("fps")) {
            try {
                fps = Integer.parseInt(fields.get("fps"));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--stream '" + Texts.clip(text, 60) + "': fps must be a number");
            }
        }
        try {
            return new StreamSpec(fields.get("id"), fields.get("description"), new Source(fields.get("kind"),
                    fields.get("display"), fields.get("region"), fields.get("device"), fields.get("size"), fps,
                    fields.get("format"), fields.get("audio")));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--stream '" + Texts.clip(text, 60) + "': " + e.getMessage());
        }
    }
}
