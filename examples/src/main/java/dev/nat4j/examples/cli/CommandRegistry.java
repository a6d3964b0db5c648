package dev.nat4j.examples.cli;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The commands the tool knows, in the order the help lists them. Checks each command when it is added: a valid
 * unique name, a summary, and options that do not clash with each other or with {@code --help}/{@code --verbose}.
 *
 * <pre>{@code
 * CommandRegistry registry = new CommandRegistry()
 *         .add(new VersionCommand())
 *         .add(new NatcheckCommand());
 * }</pre>
 */
public final class CommandRegistry {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");
    private final Map<String, Command> commands = new LinkedHashMap<>();

    /**
     * Adds a command.
     *
     * @return this registry, for chaining
     * @throws IllegalArgumentException when the command's name or options are not valid or clash
     */
    public CommandRegistry add(Command command) {
        String name = command.name();
        if (name == null || !NAME.matcher(name).matches() || name.equals("help")) {
            throw new IllegalArgumentException("bad command name: " + name);
        }
        if (commands.containsKey(name)) {
            throw new IllegalArgumentException("command registered twice: " + name);
        }
        if (command.summary() == null || command.summary().isBlank() || command.summary().contains("\n")) {
            throw new IllegalArgumentException(name + ": the summary must be one non-empty line");
        }
        // Parsing an empty command line checks for duplicate and reserved names without running anything.
        List<Option> all = Cli.withBuiltins(command.options());
        for (Option o : command.options()) {
            if (o.name().equals(Cli.HELP.name()) || o.name().equals(Cli.VERBOSE.name())
                    || (o.shortName() != null && (o.shortName() == 'h' || o.shortName() == 'v'))) {
                throw new IllegalArgumentException(name + ": " + o.display() + " clashes with a built-in option");
            }
        }
        try {
            OptionParser.parse(all.stream().map(o -> o.required() ? optional(o) : o).toList(), true, List.of());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
        }
        commands.put(name, command);
        return this;
    }

    /** The command with that name, or {@code null}. */
    public Command find(String name) {
        return commands.get(name);
    }

    /** Every command, in registration order. */
    public List<Command> all() {
        return Collections.unmodifiableList(new ArrayList<>(commands.values()));
    }

    /** Every command name, in registration order. */
    public List<String> names() {
        return List.copyOf(commands.keySet());
    }

    private static Option optional(Option o) {
        return new Option(o.name(), o.shortName(), o.valueName(), o.description(), false, o.repeatable(),
                o.defaultValue());
    }
}
