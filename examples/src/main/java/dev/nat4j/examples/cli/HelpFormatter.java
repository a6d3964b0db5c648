package dev.nat4j.examples.cli;

import java.util.ArrayList;
import java.util.List;

/** Writes the text of {@code nat4j --help} and {@code nat4j <command> --help}. */
final class HelpFormatter {
    private HelpFormatter() {}

    /** The command list and global options. */
    static String overview(String version, List<Command> commands) {
        StringBuilder b = new StringBuilder();
        b.append("nat4j ").append(version).append(": NAT traversal tools (STUN, TURN, ICE)\n\n");
        b.append("Usage: nat4j <command> [options]\n");
        b.append("       nat4j <command> --help\n");
        b.append("       nat4j --version\n\n");
        b.append("Commands:\n");
        List<String[]> rows = new ArrayList<>();
        for (Command c : commands) {
            rows.add(new String[] {c.name(), c.summary()});
        }
        rows.add(new String[] {"help", "show the help of a command (nat4j help <command>)"});
        table(b, rows);
        b.append("\nGlobal options:\n");
        table(b, List.of(
                new String[] {"-v, --verbose", "debug logging, and stack traces on failure"},
                new String[] {"-h, --help", "show this help"},
                new String[] {"--version", "print the version and exit"}));
        b.append("\nExit codes: 0 success, 1 the command failed, 2 bad command line.\n");
        return b.toString();
    }

    /** The usage line, description, every option, and examples of one command. */
    static String command(Command command) {
        StringBuilder b = new StringBuilder();
        b.append("Usage: ").append(usageLine(command)).append("\n\n");
        b.append(capitalize(command.summary())).append(".\n");
        if (!command.description().isBlank()) {
            b.append('\n').append(command.description().strip()).append('\n');
        }
        b.append("\nOptions:\n");
        List<String[]> rows = new ArrayList<>();
        for (Option o : Cli.withBuiltins(command.options())) {
            rows.add(new String[] {left(o), right(o)});
        }
        table(b, rows);
        if (!command.examples().isEmpty()) {
            b.append("\nExamples:\n");
            for (String e : command.examples()) {
                b.append("  ").append(e).append('\n');
            }
        }
        return b.toString();
    }

    /** {@code nat4j natcheck --stun HOST:PORT [--local IP] [--json]}. */
    static String usageLine(Command command) {
        StringBuilder b = new StringBuilder("nat4j ").append(command.name());
        for (Option o : command.options()) {
            String one = o.display() + (o.isFlag() ? "" : " " + o.valueName());
            b.append(' ').append(o.required() ? one : "[" + one + "]");
            if (o.repeatable()) {
                b.append("...");
            }
        }
        if (command.positionals() != null) {
            b.append(" [--] ").append(command.positionals());
        }
        return b.toString();
    }

    private static String left(Option o) {
        String shortPart = o.shortName() == null ? "    " : "-" + o.shortName() + ", ";
        return shortPart + o.display() + (o.isFlag() ? "" : " " + o.valueName());
    }

    private static String right(Option o) {
        StringBuilder b = new StringBuilder(o.description());
        List<String> notes = new ArrayList<>();
        if (o.required()) {
            notes.add("required");
        }
        if (o.repeatable()) {
            notes.add("repeatable");
        }
        if (o.defaultValue() != null) {
            notes.add("default: " + o.defaultValue());
        }
        if (!notes.isEmpty()) {
            b.append(" (").append(String.join("; ", notes)).append(')');
        }
        return b.toString();
    }

    private static void table(StringBuilder b, List<String[]> rows) {
        int width = 0;
        for (String[] r : rows) {
            width = Math.max(width, r[0].length());
        }
        for (String[] r : rows) {
            b.append("  ").append(r[0]).append(" ".repeat(width - r[0].length() + 3)).append(r[1]).append('\n');
        }
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
