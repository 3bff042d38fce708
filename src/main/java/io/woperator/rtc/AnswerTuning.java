package io.woperator.rtc;

import io.woperator.config.Settings;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Adjusts the browser's answer before libwebrtc applies it, since the sender reads these from the negotiated
 * codecs:
 * <ul>
 *   <li>every video payload gets x-google-{start,min,max}-bitrate, so the first seconds are sent at the start
 *       bitrate instead of the few hundred kbit/s bandwidth estimation would begin with;</li>
 *   <li>Opus gets stereo=1 and a music-grade average bitrate: the desktop's sound is stereo, and without it
 *       libwebrtc sends mono.</li>
 * </ul>
 */
public final class AnswerTuning {

    static final String OPUS_PARAMS = "stereo=1;sprop-stereo=1;maxaveragebitrate=128000";

    private AnswerTuning() {
    }

    public static String apply(String sdp, Settings.Bitrates bitrates) {
        String eol = sdp.contains("\r\n") ? "\r\n" : "\n";
        String videoHints = "x-google-start-bitrate=" + bitrates.startKbps()
                + ";x-google-min-bitrate=" + bitrates.minKbps()
                + ";x-google-max-bitrate=" + bitrates.maxKbps();
        List<String> out = new ArrayList<>();
        Section section = null;
        for (String line : sdp.split("\r?\n")) {
            if (line.startsWith("m=")) {
                if (section != null) {
                    section.addMissingFmtp(out);
                }
                section = Section.start(line, videoHints);
            } else if (section != null) {
                line = section.visit(line);
            }
            out.add(line);
        }
        if (section != null) {
            section.addMissingFmtp(out);
        }
        return String.join(eol, out) + eol;
    }

    /** One media section: which payloads get which parameters, and which already have an fmtp line. */
    private static final class Section {
        private final boolean video;
        private final String videoHints;
        private final Set<String> tuned = new LinkedHashSet<>();
        private final Set<String> withFmtp = new LinkedHashSet<>();
        private final List<String> payloads = new ArrayList<>();

        private Section(boolean video, String videoHints, List<String> payloads) {
            this.video = video;
            this.videoHints = videoHints;
            this.payloads.addAll(payloads);
        }

        static Section start(String mLine, String videoHints) {
            String[] fields = mLine.split(" ");
            List<String> payloads = new ArrayList<>();
            for (int i = 3; i < fields.length; i++) {
                payloads.add(fields[i]);
            }
            return new Section(mLine.startsWith("m=video "), videoHints, payloads);
        }

        String visit(String line) {
            if (line.startsWith("a=rtpmap:")) {
                String pt = payloadOf(line, "a=rtpmap:");
                String codec = line.substring(line.indexOf(' ') + 1).toLowerCase(Locale.ROOT);
                if (payloads.contains(pt) && (video ? !isAuxiliary(codec) : codec.startsWith("opus/"))) {
                    tuned.add(pt);
                }
                return line;
            }
            if (line.startsWith("a=fmtp:")) {
                String pt = payloadOf(line, "a=fmtp:");
                if (tuned.contains(pt)) {
                    withFmtp.add(pt);
                    String params = params();
                    if (!line.contains(params.substring(0, params.indexOf('=')))) {
                        return line + ";" + params;
                    }
                }
            }
            return line;
        }

        /** Codecs that had no a=fmtp line (VP8 usually) get one, at the end of their section. */
        void addMissingFmtp(List<String> out) {
            for (String pt : tuned) {
                if (!withFmtp.contains(pt)) {
                    out.add("a=fmtp:" + pt + " " + params());
                }
            }
        }

        private String params() {
            return video ? videoHints : OPUS_PARAMS;
        }

        /** Payloads that are not encoders of their own (retransmission, redundancy, FEC) get no hints. */
        private static boolean isAuxiliary(String codec) {
            return codec.startsWith("rtx/") || codec.startsWith("red/") || codec.startsWith("ulpfec/")
                    || codec.startsWith("flexfec");
        }

        private static String payloadOf(String line, String prefix) {
            int end = line.indexOf(' ');
            return line.substring(prefix.length(), end < 0 ? line.length() : end);
        }
    }
}
