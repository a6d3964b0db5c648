package dev.nat4j.examples.cli;

import dev.nat4j.core.SocketAddresses;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The options of one command line, after {@link OptionParser#parse}: which were given, their values, and typed
 * getters that turn a bad value into a {@link UsageException} naming the option.
 *
 * <p>Getters fall back to the option's default when it is absent. Object getters return {@code null} when there is
 * neither a value nor a default; primitive getters ({@link #getInt}, {@link #getLong}) need one of the two (declare a
 * default, make the option required, or test {@link #has} first).
 *
 * <pre>{@code
 * InetSocketAddress stun = options.getSocketAddress(STUN);           // "--stun 127.0.0.1:3478"
 * int count = options.getInt(COUNT, 1, 1000);                         // "--count 5", default "1"
 * Duration timeout = options.getDuration(TIMEOUT);                    // "--timeout 500ms"
 * boolean json = options.has(JSON);                                   // "--json"
 * }</pre>
 */
public final class ParsedOptions {
    private final List<Option> declared;
    private final Map<Option, List<String>> values;
    private final List<String> positionals;

    ParsedOptions(List<Option> declared, Map<Option, List<String>> values, List<String> positionals) {
        this.declared = List.copyOf(declared);
        this.values = values;
        this.positionals = List.copyOf(positionals);
    }

    /** True when the option was given on the command line (a default does not count). */
    public boolean has(Option option) {
        return !given(option).isEmpty();
    }

    /** The value given, else the default, else {@code null}. For a repeatable option: the last one given. */
    public String get(Option option) {
        List<String> given = given(option);
        if (!given.isEmpty()) {
            return given.get(given.size() - 1);
        }
        return option.defaultValue();
    }

    /** Every value given, in order; the default alone when none was given and there is one; else empty. */
    public List<String> getAll(Option option) {
        List<String> given = given(option);
        if (!given.isEmpty()) {
            return given;
        }
        return option.defaultValue() == null ? List.of() : List.of(option.defaultValue());
    }

    /**
     * The value converted by {@code converter}; an {@link IllegalArgumentException} from it (or any runtime exception)
     * becomes a {@link UsageException} naming the option. {@code null} when there is no value and no default.
     *
     * @param expected what a good value looks like, for the error message, e.g. {@code "one of udp, tcp"}
     */
    public <T> T get(Option option, Function<String, T> converter, String expected) {
        String text = get(option);
        return text == null ? null : convert(option, text, converter, expected);
    }

    /** Every value converted by {@code converter}, as for {@link #getAll} and {@link #get(Option, Function, String)}. */
    public <T> List<T> getAll(Option option, Function<String, T> converter, String expected) {
        List<T> out = new ArrayList<>();
        for (String text : getAll(option)) {
            out.add(convert(option, text, converter, expected));
        }
        return List.copyOf(out);
    }

    /** An integer in {@code [min, max]}. */
    public int getInt(Option option, int min, int max) {
        return (int) getLong(option, min, max);
    }

    /** A long integer in {@code [min, max]}. */
    public long getLong(Option option, long min, long max) {
        String text = requireValue(option);
        long value;
        try {
            value = Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(option.display() + ": expected an integer in " + min + ".." + max
                    + ", got '" + text + "'", e);
        }
        if (value < min || value > max) {
            throw new UsageException(option.display() + ": " + value + " is out of range " + min + ".." + max);
        }
        return value;
    }

    /** A duration such as {@code 500ms}, {@code 5s}, {@code 2m} (see {@link Durations#parse}). */
    public Duration getDuration(Option option) {
        String text = get(option);
        if (text == null) {
            return null;
        }
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UsageException(option.display() + ": " + e.getMessage(), e); // already says what is expected
        }
    }

    /** A duration in {@code [min, max]}. */
    public Duration getDuration(Option option, Duration min, Duration max) {
        Duration d = getDuration(option);
        if (d != null && (d.compareTo(min) < 0 || d.compareTo(max) > 0)) {
            throw new UsageException(option.display() + ": " + Durations.format(d) + " is out of range "
                    + Durations.format(min) + ".." + Durations.format(max));
        }
        return d;
    }

    /** An {@code ip:port}, {@code [ipv6]:port} or {@code host:port} (see {@link SocketAddresses#parse(String)}). */
    public InetSocketAddress getSocketAddress(Option option) {
        return get(option, SocketAddresses::parse, "IP:PORT, [IPv6]:PORT or HOST:PORT");
    }

    /** As {@link #getSocketAddress(Option)}, with {@code defaultPort} when the value has no port. */
    public InetSocketAddress getSocketAddress(Option option, int defaultPort) {
        return get(option, text -> SocketAddresses.parse(text, defaultPort), "IP[:PORT] or HOST[:PORT]");
    }

    /** Every address of a repeatable option. */
    public List<InetSocketAddress> getSocketAddresses(Option option) {
        return getAll(option, SocketAddresses::parse, "IP:PORT, [IPv6]:PORT or HOST:PORT");
    }

    /** An IP address, or a host name resolved with the JDK resolver. */
    public InetAddress getIp(Option option) {
        return get(option, text -> {
            String bare = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
            return SocketAddresses.resolve(bare);
        }, "an IP address or host name");
    }

    /** Arguments that are not options, in order (only for commands that accept them, see {@link Command#positionals}). */
    public List<String> positionals() {
        return positionals;
    }

    private List<String> given(Option option) {
        Objects.requireNonNull(option, "option");
        if (!declared.contains(option)) {
            // A programming error, not a user one: the command reads an option it did not declare.
            throw new IllegalArgumentException(option.display() + " is not an option of this command");
        }
        return values.getOrDefault(option, List.of());
    }

    private String requireValue(Option option) {
        String text = get(option);
        if (text == null) {
            throw new IllegalStateException(option.display()
                    + " has no value and no default; declare a default, make it required or check has()");
        }
        return text;
    }

    private static <T> T convert(Option option, String text, Function<String, T> converter, String expected) {
        try {
            return converter.apply(text);
        } catch (RuntimeException e) {
            String why = e.getMessage() == null ? "" : " (" + e.getMessage() + ")";
            throw new UsageException(option.display() + ": expected " + expected + ", got '" + text + "'" + why, e);
        }
    }
}
