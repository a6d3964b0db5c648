package dev.nat4j.examples.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * A JSON array being built. See {@link Json} for the accepted value types.
 *
 * <pre>{@code
 * JsonArray servers = Json.array().add("127.0.0.1:3478").add(null);
 * }</pre>
 */
public final class JsonArray {
    private final List<Object> items = new ArrayList<>();

    JsonArray() {}

    /**
     * Appends {@code value} ({@code null} writes JSON null).
     *
     * @return this array, for chaining
     * @throws IllegalArgumentException when the value's type cannot be written as JSON
     */
    public JsonArray add(Object value) {
        items.add(Json.check(value));
        return this;
    }

    /** Number of items. */
    public int size() {
        return items.size();
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
        if (items.isEmpty()) {
            b.append("[]");
            return;
        }
        b.append('[');
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            Json.newline(b, indent, level + 1);
            Json.write(b, items.get(i), indent, level + 1);
        }
        Json.newline(b, indent, level);
        b.append(']');
    }
}
