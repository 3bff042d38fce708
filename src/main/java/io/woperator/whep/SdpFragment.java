package io.woperator.whep;

import java.util.ArrayList;
import java.util.List;

/**
 * A trickle-ICE SDP fragment (RFC 8840) as a WHEP player PATCHes it: the ICE credentials it is for, and candidates
 * per media section, with an end-of-candidates marker.
 *
 * @param ufrag      the ICE user fragment the candidates belong to; another than the offer's asks for an ICE restart
 * @param candidates in the order sent
 */
record SdpFragment(String ufrag, String pwd, List<Candidate> candidates, boolean endOfCandidates) {

    /** A candidate line ("candidate:…", without "a=") for the media section {@code mid}. */
    record Candidate(String mid, String line) {
    }

    /** @throws IllegalArgumentException when the body is not such a fragment */
    static SdpFragment parse(String body) {
        String ufrag = null;
        String pwd = null;
        String mid = null;
        boolean inMedia = false;
        boolean end = false;
        List<Candidate> candidates = new ArrayList<>();
        for (String raw : body.split("\r?\n")) {
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.length() < 2 || line.charAt(1) != '=') {
                throw new IllegalArgumentException("not an SDP line: " + clip(line));
            }
            if (line.startsWith("m=")) {
                inMedia = true;
                mid = null;
            } else if (line.startsWith("a=ice-ufrag:")) {
                ufrag = line.substring("a=ice-ufrag:".length());
            } else if (line.startsWith("a=ice-pwd:")) {
                pwd = line.substring("a=ice-pwd:".length());
            } else if (line.startsWith("a=mid:")) {
                mid = line.substring("a=mid:".length());
            } else if (line.startsWith("a=candidate:")) {
                if (!inMedia || mid == null) {
                    throw new IllegalArgumentException("a candidate outside a media section with a mid");
                }
                candidates.add(new Candidate(mid, line.substring(2)));
            } else if (line.equals("a=end-of-candidates")) {
                end = true;
            }
        }
        if (ufrag == null && candidates.isEmpty() && !end) {
            throw new IllegalArgumentException("no ICE credentials, candidates or end-of-candidates");
        }
        return new SdpFragment(ufrag, pwd, List.copyOf(candidates), end);
    }

    private static String clip(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }
}
