package dev.nat4j.examples.cli;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people type them on a command line: {@code 500ms}, {@code 5s}, {@code 1.5s}, {@code 2m}, {@code 1h},
 * {@code 250us}, {@code 0}. A unit is required (except for zero) so that {@code 5} never means "5 what?".
 *
 * <pre>{@code
 * Duration d = Durations.parse("1.5s");   // PT1.5S
 * String s = Durations.format(Duration.ofMillis(125_000));   // "2m 5s"
 * }</pre>
 */
public final class Durations {
    private static final Pattern FORM = Pattern.compile("(\\d{1,12}(?:\\.\\d{1,9})?)(ns|us|ms|s|m|h)");
    private static final String EXPECTED = "a duration like 500ms, 5s, 1.5s, 2m or 1h";

    private Durations() {}

    /**
     * Parses a non-negative duration.
     *
     * @throws IllegalArgumentException with a message that says which form is expected
     */
    public static Duration parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("expected " + EXPECTED);
        }
        String t = text.trim();
        if (t.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = FORM.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException("expected " + EXPECTED + ", got '" + text + "'");
        }
        BigDecimal nanosPerUnit = BigDecimal.valueOf(switch (m.group(2)) {
            case "ns" -> 1L;
            case "us" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            default -> 3_600_000_000_000L; // h
        });
        BigDecimal nanos = new BigDecimal(m.group(1)).multiply(nanosPerUnit);
        if (nanos.stripTrailingZeros().scale() > 0) {
            throw new IllegalArgumentException("finer than a nanosecond: '" + text + "'");
        }
        try {
            return Duration.ofNanos(nanos.longValueExact());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("too long: '" + text + "'", e);
        }
    }

    /**
     * A short human form for output: {@code 850ms}, {@code 1.5s}, {@code 2m 5s}. Forms with one unit parse back with
     * {@link #parse}; mixed ones ({@code 2m 5s}) are for reading only.
     */
    public static String format(Duration d) {
        long nanos = d.toNanos();
        if (nanos == 0) {
            return "0";
        }
        if (nanos % 1_000_000 != 0) {
            return nanos % 1_000 == 0 ? (nanos / 1_000) + "us" : nanos + "ns";
        }
        long millis = nanos / 1_000_000;
        if (millis < 1_000) {
            return millis + "ms";
        }
        if (millis < 60_000) {
            return BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString() + "s";
        }
        long seconds = millis / 1_000;
        String rest = millis % 1_000 == 0 ? "" : "." + String.format("%03d", millis % 1_000).replaceAll("0+$", "");
        if (seconds < 3_600) {
            long s = seconds % 60;
            return (seconds / 60) + "m" + (s == 0 && rest.isEmpty() ? "" : " " + s + rest + "s");
        }
        long m = (seconds % 3_600) / 60;
        long s = seconds % 60;
        return (seconds / 3_600) + "h" + (m == 0 ? "" : " " + m + "m")
                + (s == 0 && rest.isEmpty() ? "" : " " + s + rest + "s");
    }
}
