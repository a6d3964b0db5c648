package dev.nat4j.ice.description;

import dev.nat4j.ice.IceCandidate;
import dev.nat4j.ice.IceCredentials;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Reads the ICE lines out of SDP text for {@link IceDescription#parseSdp(String)}; one instance per parse. */
final class SdpDescriptionReader {
    private String ufrag;
    private String password;
    private final Set<String> options = new LinkedHashSet<>();
    private final List<IceCandidate> candidates = new ArrayList<>();
    private final List<String> ignored = new ArrayList<>();
    private int candidateLines;
    private boolean endOfCandidates;

    private SdpDescriptionReader() {}

    static IceDescription read(String sdp) {
        if (sdp == null) {
            throw new IllegalArgumentException("null SDP");
        }
        if (sdp.length() > IceDescription.MAX_TEXT_LENGTH) {
            throw new IllegalArgumentException("SDP longer than " + IceDescription.MAX_TEXT_LENGTH + " characters");
        }
        SdpDescriptionReader reader = new SdpDescriptionReader();
        int start = 0;
        while (start <= sdp.length()) {
            int end = sdp.indexOf('\n', start);
            if (end < 0) {
                end = sdp.length();
            }
            reader.line(sdp.substring(start, end));
            start = end + 1;
        }
        return reader.finish();
    }

    static IceDescription read(List<String> lines) {
        if (lines == null) {
            throw new IllegalArgumentException("null SDP lines");
        }
        long total = 0;
        for (String line : lines) {
            total += line == null ? 0 : line.length() + 1;
            if (total > IceDescription.MAX_TEXT_LENGTH) {
                throw new IllegalArgumentException("SDP longer than " + IceDescription.MAX_TEXT_LENGTH
                        + " characters");
            }
        }
        SdpDescriptionReader reader = new SdpDescriptionReader();
        for (String line : lines) {
            if (line == null) {
                throw new IllegalArgumentException("null SDP line");
            }
            // A list element may itself hold several lines (a caller splitting on CRLF only, say).
            for (String part : line.split("\n", -1)) {
                reader.line(part);
            }
        }
        return reader.finish();
    }

    private void line(String raw) {
        String line = raw.strip();
        if (line.isEmpty()) {
            return;
        }
        String attribute;
        if (line.startsWith("a=")) {
            attribute = line.substring(2);
        } else if (line.length() >= 2 && line.charAt(1) == '=') {
            return; // v=, o=, m=, c=...: not ours
        } else {
            attribute = line;
        }
        String name = attributeName(attribute).toLowerCase(Locale.ROOT);
        switch (name) {
            case "ice-ufrag", "ice-pwd", "ice-options", "candidate", "end-of-candidates" -> {
                if (attribute.length() > IceDescription.MAX_LINE_LENGTH) {
                    throw new IllegalArgumentException(name + " line longer than " + IceDescription.MAX_LINE_LENGTH
                            + " characters: " + CandidateAttribute.quote(raw));
                }
            }
            default -> {
                return; // a=rtpmap, a=fingerprint, a=ice-lite... and anything unknown
            }
        }
        String value = attribute.substring(Math.min(attribute.length(), name.length() + 1));
        switch (name) {
            case "ice-ufrag" -> ufrag = single(ufrag, value, raw, "ice-ufrag");
            case "ice-pwd" -> password = single(password, value, raw, "ice-pwd");
            case "ice-options" -> option(value, raw);
            case "end-of-candidates" -> endOfCandidates = true;
            default -> candidate(attribute);
        }
    }

    private static String attributeName(String attribute) {
        int colon = attribute.indexOf(':');
        return colon < 0 ? attribute : attribute.substring(0, colon);
    }

    /** Both may repeat (once per m= section); a peer that sends two different values is broken. */
    private static String single(String previous, String value, String raw, String what) {
        if (previous != null && !previous.equals(value)) {
            throw new IllegalArgumentException("conflicting " + what + ": " + CandidateAttribute.quote(raw));
        }
        return value;
    }

    private void option(String value, String raw) {
        for (String tag : value.strip().split("[ \t]+", -1)) {
            if (!CandidateAttribute.isIceChars(tag, 1, 256)) {
                throw new IllegalArgumentException("malformed ice-options: " + CandidateAttribute.quote(raw));
            }
            options.add(tag);
            if (options.size() > IceDescription.MAX_OPTIONS) {
                throw new IllegalArgumentException("more than " + IceDescription.MAX_OPTIONS + " ICE options");
            }
        }
    }

    private void candidate(String attribute) {
        if (++candidateLines > IceDescription.MAX_CANDIDATES) {
            throw new IllegalArgumentException("more than " + IceDescription.MAX_CANDIDATES + " candidate lines");
        }
        try {
            candidates.add(CandidateAttribute.parse(attribute));
        } catch (IllegalArgumentException e) {
            ignored.add(e.getMessage());
        }
    }

    private IceDescription finish() {
        if (ufrag == null || password == null) {
            throw new IllegalArgumentException("no " + (ufrag == null ? "a=ice-ufrag" : "a=ice-pwd") + " line");
        }
        IceCredentials credentials;
        try {
            credentials = new IceCredentials(ufrag, password);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad ICE credentials (ice-ufrag " + CandidateAttribute.quote(ufrag)
                    + "): " + e.getMessage(), e);
        }
        return new IceDescription(credentials, candidates, List.copyOf(options), endOfCandidates, ignored);
    }
}
