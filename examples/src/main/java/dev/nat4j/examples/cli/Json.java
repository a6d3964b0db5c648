package dev.nat4j.examples.cli;

import dev.nat4j.core.SocketAddresses;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small JSON writer for {@code --json} output: build a {@link JsonObject} or {@link JsonArray}, print its
 * {@code toString()} (one line) or {@link JsonObject#toPrettyString()}.
 *
 * <p>Values may be: {@code null}, {@link Boolean}, integer types (atomics are read when added), finite {@link Double}/{@link Float},
 * {@link BigDecimal}, {@link CharSequence}, {@link InetSocketAddress} (written as the string {@code "ip:port"}),
 * {@link JsonObject}, {@link JsonArray}, a {@link Map} with string keys, or an {@link Iterable}; anything else is an
 * {@link IllegalArgumentException} when it is added. Strings are escaped per RFC 8259, including control characters,
 * U+2028/U+2029 and unpaired surrogates.
 *
 * <pre>{@code
 * JsonObject result = Json.object()
 *         .put("mappedAddress", "192.0.2.1:40000")
 *         .put("hairpinning", null)
 *         .put("elapsedMs", 812)
 *         .put("servers", Json.array().add("a").add("b"));
 * context.out().println(result);   // {"mappedAddress":"192.0.2.1:40000","hairpinning":null,...}
 * }</pre>
 */
public final class Json {
    private Json() {}

    /** A new, empty object; keys keep the order they were put in. */
    public static JsonObject object() {
        return new JsonObject();
    }

    /** A new, empty array. */
    public static JsonArray array() {
        return new JsonArray();
    }

    /** {@code s} as a JSON string literal, quotes included. */
    public static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2);
        writeString(b, s);
        return b.toString();
    }

    /** Any supported value as compact JSON text. */
    public static String toJson(Object value) {
        StringBuilder b = new StringBuilder();
        write(b, check(value), -1, 0);
        return b.toString();
    }

    /** Returns {@code value} when it can be written, else throws; called when a value is added. */
    static Object check(Object value) {
        // Mutable values are copied now, so the JSON shows what was put, not what they became later.
        if (value instanceof CharSequence cs && !(value instanceof String)) {
            return cs.toString();
        }
        if (value instanceof AtomicInteger || value instanceof AtomicLong) {
            return ((Number) value).longValue();
        }
        if (value == null || value instanceof Boolean || value instanceof CharSequence
                || value instanceof JsonObject || value instanceof JsonArray || value instanceof InetSocketAddress
                || isInteger(value) || value instanceof BigDecimal) {
            return value;
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new IllegalArgumentException("JSON has no " + d + "; write null or a string instead");
            }
            return value;
        }
        if (value instanceof Map<?, ?> map) {
            JsonObject o = new JsonObject();
            map.forEach((k, v) -> {
                if (!(k instanceof String key)) {
                    throw new IllegalArgumentException("JSON object keys must be strings, got " + k);
                }
                o.put(key, v);
            });
            return o;
        }
        if (value instanceof Iterable<?> items) {
            JsonArray a = new JsonArray();
            items.forEach(a::add);
            return a;
        }
        throw new IllegalArgumentException("cannot write " + value.getClass().getName()
                + " as JSON; convert it to a string, number, boolean, map or list first");
    }

    /**
     * Appends {@code value} (already {@link #check checked}); {@code indent < 0} writes one line, otherwise nested
     * values are indented by {@code indent} spaces per level, starting at {@code level}.
     */
    static void write(StringBuilder b, Object value, int indent, int level) {
        if (value == null) {
            b.append("null");
        } else if (value instanceof Boolean || isInteger(value)) {
            b.append(value);
        } else if (value instanceof BigDecimal d) {
            b.append(d.toString());
        } else if (value instanceof Double || value instanceof Float) {
            b.append(value); // Java's form (1.5, 1.0E10) is valid JSON for finite values
        } else if (value instanceof InetSocketAddress a) {
            writeString(b, SocketAddresses.format(a));
        } else if (value instanceof JsonObject o) {
            o.writeTo(b, indent, level);
        } else if (value instanceof JsonArray a) {
            a.writeTo(b, indent, level);
        } else {
            writeString(b, value.toString());
        }
    }

    static void newline(StringBuilder b, int indent, int level) {
        if (indent >= 0) {
            b.append('\n').append(" ".repeat(indent * level));
        }
    }

    private static boolean isInteger(Object v) {
        return v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte
                || v instanceof BigInteger;
    }

    private static void writeString(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                default -> {
                    boolean pairedSurrogate = Character.isHighSurrogate(c) && i + 1 < s.length()
                            && Character.isLowSurrogate(s.charAt(i + 1));
                    if (pairedSurrogate) {
                        b.append(c).append(s.charAt(++i));
                    } else if (c < 0x20 || c == 0x7F || c == '\u2028' || c == '\u2029' || Character.isSurrogate(c)) {
                        // Lone surrogates cannot be encoded in UTF-8; escaping keeps the output well-formed.
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }
}
