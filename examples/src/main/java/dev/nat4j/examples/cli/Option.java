package dev.nat4j.examples.cli;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One command-line option a {@link Command} accepts: a flag ({@code --json}) or an option with a value
 * ({@code --stun HOST:PORT}). Immutable; the {@code as...} and {@code with...} methods return copies.
 *
 * <p>Values are given as {@code --name value} or {@code --name=value} (the second form also takes values that start
 * with {@code --}). Declare options as constants and read them back with the same constant from
 * {@link ParsedOptions}.
 *
 * <pre>{@code
 * static final Option STUN = Option.value("stun", "HOST:PORT", "STUN server to ask").asRequired();
 * static final Option TIMEOUT = Option.value("timeout", "DURATION", "give up after this long").withDefault("5s");
 * static final Option JSON = Option.flag("json", "print one JSON object instead of text");
 * }</pre>
 *
 * @param name long name without the dashes: lower-case letters, digits and inner dashes
 * @param shortName one-letter alias used as {@code -x}, or {@code null}
 * @param valueName placeholder shown in help ({@code HOST:PORT}), or {@code null} for a flag
 * @param description one line for the help
 * @param required the command cannot run without it
 * @param repeatable it may be given more than once; read all values with {@link ParsedOptions#getAll}
 * @param defaultValue text used when the option is absent (shown in help), or {@code null}
 */
public record Option(
        String name,
        Character shortName,
        String valueName,
        String description,
        boolean required,
        boolean repeatable,
        String defaultValue) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    /** Checks the invariants; prefer {@link #flag} and {@link #value}. */
    public Option {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("option name must be lower-case words joined by '-': " + name);
        }
        if (shortName != null && !Character.isLetterOrDigit(shortName)) {
            throw new IllegalArgumentException("short name must be a letter or digit: " + shortName);
        }
        if (valueName == null && (required || defaultValue != null)) {
            throw new IllegalArgumentException("a flag cannot be required or have a default: --" + name);
        }
        if (required && defaultValue != null) {
            throw new IllegalArgumentException("a required option has no use for a default: --" + name);
        }
    }

    /** A flag: present or not, takes no value. */
    public static Option flag(String name, String description) {
        return new Option(name, null, null, description, false, false, null);
    }

    /** An option that takes a value; {@code valueName} is the placeholder in the help, e.g. {@code "IP:PORT"}. */
    public static Option value(String name, String valueName, String description) {
        Objects.requireNonNull(valueName, "valueName");
        return new Option(name, null, valueName, description, false, false, null);
    }

    /** A copy that the command cannot run without. */
    public Option asRequired() {
        return new Option(name, shortName, valueName, description, true, repeatable, defaultValue);
    }

    /** A copy that may be given several times. */
    public Option asRepeatable() {
        return new Option(name, shortName, valueName, description, required, true, defaultValue);
    }

    /** A copy with a default value, used (and converted like a given value) when the option is absent. */
    public Option withDefault(String value) {
        return new Option(name, shortName, valueName, description, required, repeatable,
                Objects.requireNonNull(value, "value"));
    }

    /** A copy with a one-letter alias, {@code -x}. */
    public Option withShortName(char letter) {
        return new Option(name, letter, valueName, description, required, repeatable, defaultValue);
    }

    /** True for a flag, which takes no value. */
    public boolean isFlag() {
        return valueName == null;
    }

    /** {@code --name}, as the user types it and as error messages name it. */
    public String display() {
        return "--" + name;
    }
}
