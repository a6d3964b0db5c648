package dev.nat4j.ice.description;

import dev.nat4j.ice.IceCandidate;
import dev.nat4j.ice.IceCredentials;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The JSON form of an {@link IceDescription}: writing in a fixed key order, reading with the description's rules. */
final class DescriptionJson {
    private DescriptionJson() {}

    static String write(IceDescription d) {
        StringBuilder out = new StringBuilder(128 + 96 * d.candidates().size());
        out.append("{\"ufrag\":").append(Json.quote(d.credentials().ufrag()))
                .append(",\"pwd\":").append(Json.quote(d.credentials().password()))
                .append(",\"options\":[");
        for (int i = 0; i < d.iceOptions().size(); i++) {
            out.append(i == 0 ? "" : ",").append(Json.quote(d.iceOptions().get(i)));
        }
        out.append("],\"candidates\":[");
        for (int i = 0; i < d.candidates().size(); i++) {
            out.append(i == 0 ? "" : ",").append(Json.quote(CandidateAttribute.format(d.candidates().get(i))));
        }
        return out.append("],\"endOfCandidates\":").append(d.endOfCandidates()).append('}').toString();
    }

    static IceDescription read(String json) {
        if (json == null) {
            throw new IllegalArgumentException("null JSON");
        }
        if (json.length() > IceDescription.MAX_TEXT_LENGTH) {
            throw new IllegalArgumentException("JSON longer than " + IceDescription.MAX_TEXT_LENGTH + " characters");
        }
        if (!(Json.read(json) instanceof Map<?, ?> root)) {
            throw new IllegalArgumentException("description JSON is not an object");
        }
        String ufrag = string(root.get("ufrag"), "ufrag");
        String password = string(root.get("pwd"), "pwd");
        IceCredentials credentials;
        try {
            credentials = new IceCredentials(ufrag, password);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad ICE credentials (ufrag " + CandidateAttribute.quote(ufrag) + "): "
                    + e.getMessage(), e);
        }
        List<String> options = new ArrayList<>();
        for (Object option : list(root.get("options"), "options", IceDescription.MAX_OPTIONS)) {
            String tag = string(option, "options element");
            if (!options.contains(tag)) {
                options.add(tag);
            }
        }
        List<IceCandidate> candidates = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        for (Object element : list(root.get("candidates"), "candidates", IceDescription.MAX_CANDIDATES)) {
            try {
                candidates.add(CandidateAttribute.parse(string(element, "candidates element")));
            } catch (IllegalArgumentException e) {
                ignored.add(e.getMessage());
            }
        }
        Object end = root.get("endOfCandidates");
        if (end != null && !(end instanceof Boolean)) {
            throw new IllegalArgumentException("endOfCandidates is not a boolean");
        }
        return new IceDescription(credentials, candidates, options, Boolean.TRUE.equals(end), ignored);
    }

    private static String string(Object value, String what) {
        if (!(value instanceof String text)) {
            throw new IllegalArgumentException(what + (value == null ? " missing" : " is not a string"));
        }
        return text;
    }

    private static List<?> list(Object value, String what, int max) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw new IllegalArgumentException(what + " is not an array");
        }
        if (list.size() > max) {
            throw new IllegalArgumentException("more than " + max + " " + what);
        }
        return list;
    }
}
