package dev.nat4j.examples.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A JSON object being built; keys keep insertion order, putting a key again replaces its value in place. See
 * {@link Json} for the accepted value types.
 *
 * <pre>{@code
 * String line = Json.object().put("natType", "full cone").put("hairpinning", true).toString();
 * }</pre>
 */
public final class JsonObject {
    private final Map<String, Object> members = new LinkedHashMap<>();

    JsonObject() {}

    /**
     * Sets {@code name} to {@code value} ({@code null} writes JSON null).
     *
     * @return this object, for chaining
     * @throws IllegalArgumentException when the value's type cannot be written as JSON
     */
    public JsonObject put(String name, Object value) {
        members.put(Objects.requireNonNull(name, "name"), Json.check(value));
        return this;
    }

    /** Number of members. */
    public int size() {
        return members.size();
    }

    /** One line of compact JSON. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        writeTo(b, -1, 0);
        return b.toString();
    }

    /** JSON indented by two spaces, for people. */
    public String toPrettyString() {
        StringBuilder b = new StringBuilder();
        writeTo(b, 2, 0);
        return b.toString();
    }

    void writeTo(StringBuilder b, int indent, int level) {
        if (members.isEmpty()) {
            b.append("{}");
            return;
        }
        b.append('{');
        boolean first = true;
        for (Map.Entry<String, Object> e : members.entrySet()) {
            if (!first) {
                b.append(',');
            }
            first = false;
            Json.newline(b, indent, level + 1);
            b.append(Json.quote(e.getKey())).append(indent >= 0 ? ": " : ":");
            Json.write(b, e.getValue(), indent, level + 1);
        }
        Json.newline(b, indent, level);
        b.append('}');
    }
}
