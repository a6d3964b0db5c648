package dev.nat4j.examples.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the arguments after the command name into {@link ParsedOptions}. Our own, small, and strict: an unknown
 * option, a missing value, a value for a flag, a non-repeatable option given twice, a missing required option or an
 * unexpected positional argument is a {@link UsageException} that names the option.
 *
 * <p>Accepted forms: {@code --name value}, {@code --name=value}, {@code -x value} (for an option with a short name),
 * {@code --flag}, {@code -x}, and {@code --} to end the options (everything after it is positional). A value that
 * starts with {@code --} must use the {@code --name=value} form; {@code -5} is taken as a value.
 *
 * <pre>{@code
 * ParsedOptions o = OptionParser.parse(List.of(STUN, JSON), false, List.of("--stun", "127.0.0.1:3478", "--json"));
 * }</pre>
 */
public final class OptionParser {
    private OptionParser() {}

    /**
     * Parses {@code args} against {@code options}.
     *
     * @param acceptsPositionals whether arguments that are not options are allowed
     * @throws UsageException when the arguments do not fit the options
     */
    public static ParsedOptions parse(List<Option> options, boolean acceptsPositionals, List<String> args) {
        Map<String, Option> byLong = new HashMap<>();
        Map<Character, Option> byShort = new HashMap<>();
        for (Option o : options) {
            if (byLong.put(o.name(), o) != null) {
                throw new IllegalArgumentException("option declared twice: " + o.display());
            }
            if (o.shortName() != null && byShort.put(o.shortName(), o) != null) {
                throw new IllegalArgumentException("short name declared twice: -" + o.shortName());
            }
        }
        Map<Option, List<String>> values = new LinkedHashMap<>();
        List<String> positionals = new ArrayList<>();
        boolean onlyPositionals = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (onlyPositionals || !arg.startsWith("-") || arg.equals("-") || isNegativeNumber(arg)) {
                if (!acceptsPositionals) {
                    throw new UsageException("unexpected argument '" + arg + "'");
                }
                positionals.add(arg);
                continue;
            }
            if (arg.equals("--")) {
                onlyPositionals = true;
                continue;
            }
            String typedName;
            String inlineValue = null;
            Option option;
            if (arg.startsWith("--")) {
                int eq = arg.indexOf('=');
                typedName = eq < 0 ? arg : arg.substring(0, eq);
                inlineValue = eq < 0 ? null : arg.substring(eq + 1);
                option = byLong.get(typedName.substring(2));
            } else {
                typedName = arg;
                option = arg.length() == 2 ? byShort.get(arg.charAt(1)) : null;
            }
            if (option == null) {
                throw unknown(typedName, options);
            }
            String value;
            if (option.isFlag()) {
                if (inlineValue != null) {
                    throw new UsageException(option.display() + " is a flag and takes no value");
                }
                value = "";
            } else if (inlineValue != null) {
                value = inlineValue;
            } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                value = args.get(++i);
            } else {
                throw new UsageException(option.display() + " needs a value (" + option.valueName() + ")");
            }
            List<String> list = values.computeIfAbsent(option, k -> new ArrayList<>());
            if (!list.isEmpty() && !option.repeatable()) {
                throw new UsageException(option.display() + " given more than once");
            }
            list.add(value);
        }
        for (Option o : options) {
            if (o.required() && !values.containsKey(o)) {
                throw new UsageException("missing required option " + o.display() + " " + o.valueName());
            }
        }
        Map<Option, List<String>> frozen = new HashMap<>();
        values.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
        return new ParsedOptions(options, frozen, positionals);
    }

    private static boolean isNegativeNumber(String arg) {
        return arg.length() > 1 && arg.charAt(0) == '-' && arg.chars().skip(1).allMatch(Character::isDigit);
    }

    private static UsageException unknown(String typed, List<Option> options) {
        List<String> names = new ArrayList<>();
        for (Option o : options) {
            names.add("--" + o.name());
        }
        String guess = typed.startsWith("--") ? Suggestions.closest(typed, names) : null;
        return new UsageException("unknown option " + typed + (guess == null ? "" : " (did you mean " + guess + "?)"));
    }
}
