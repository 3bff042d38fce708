package io.woperator.rtc;

import io.woperator.config.Settings;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Adds libwebrtc's x-google-{start,min,max}-bitrate parameters to every video payload of a remote description.
 * The sender reads them from the negotiated codec, so the first seconds are sent at the start bitrate instead of
 * the few hundred kbit/s that bandwidth estimation would otherwise begin with.
 */
public final class SdpBitrateHints {

    private SdpBitrateHints() {
    }

    public static String apply(String sdp, Settings.Bitrates bitrates) {
        String eol = sdp.contains("\r\n") ? "\r\n" : "\n";
        String hints = "x-google-start-bitrate=" + bitrates.startKbps()
                + ";x-google-min-bitrate=" + bitrates.minKbps()
                + ";x-google-max-bitrate=" + bitrates.maxKbps();
        List<String> out = new ArrayList<>();
        Set<String> videoPayloads = new LinkedHashSet<>();
        Set<String> withFmtp = new LinkedHashSet<>();
        boolean inVideo = false;
        for (String line : sdp.split("\r?\n")) {
            if (line.startsWith("m=")) {
                flushMissingFmtp(out, videoPayloads, withFmtp, hints);
                inVideo = line.startsWith("m=video ");
                if (inVideo) {
                    String[] fields = line.split(" ");
                    for (int i = 3; i < fields.length; i++) {
                        videoPayloads.add(fields[i]);
                    }
                }
                out.add(line);
                continue;
            }
            if (inVideo && line.startsWith("a=rtpmap:") && isAuxiliary(line)) {
                videoPayloads.remove(payloadOf(line, "a=rtpmap:"));
            }
            if (inVideo && line.startsWith("a=fmtp:") && videoPayloads.contains(payloadOf(line, "a=fmtp:"))) {
                withFmtp.add(payloadOf(line, "a=fmtp:"));
                if (!line.contains("x-google-start-bitrate")) {
                    line = line + ";" + hints;
                }
            }
            out.add(line);
        }
        flushMissingFmtp(out, videoPayloads, withFmtp, hints);
        return String.join(eol, out) + eol;
    }

    /** Payloads that are not encoders of their own (retransmission, redundancy, FEC) get no hints. */
    private static boolean isAuxiliary(String rtpmap) {
        String name = rtpmap.substring(rtpmap.indexOf(' ') + 1).toLowerCase();
        return name.startsWith("rtx/") || name.startsWith("red/") || name.startsWith("ulpfec/")
                || name.startsWith("flexfec");
    }

    private static String payloadOf(String line, String prefix) {
        int end = line.indexOf(' ');
        return line.substring(prefix.length(), end < 0 ? line.length() : end);
    }

    /** Codecs without an a=fmtp line (VP8 usually) get one, placed at the end of their media section. */
    private static void flushMissingFmtp(List<String> out, Set<String> payloads, Set<String> withFmtp, String hints) {
        for (String pt : payloads) {
            if (!withFmtp.contains(pt)) {
                out.add("a=fmtp:" + pt + " " + hints);
            }
        }
        payloads.clear();
        withFmtp.clear();
    }
}
