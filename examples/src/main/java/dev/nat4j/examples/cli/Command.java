package dev.nat4j.examples.cli;

import java.util.List;

/**
 * One sub-command of the {@code nat4j} tool ({@code nat4j <name> [options]}). To add one: write a class that
 * implements this interface and add one line to {@code dev.nat4j.examples.Commands}.
 *
 * <p>The framework parses the options before {@link #run} is called (so {@code run} never sees {@code --help} or a
 * malformed command line), prints the help from {@link #summary}, {@link #description}, {@link #options} and
 * {@link #examples}, and maps what {@code run} does to the exit code: the value it returns; 2 for a
 * {@link UsageException}; 1, with the message and no stack trace (unless {@code -v}), for any other exception.
 * Results go to {@link CommandContext#out()}; progress and diagnostics to {@link CommandContext#err()}, so that
 * {@code --json} output stays clean on stdout.
 *
 * <pre>{@code
 * public final class EchoCommand implements Command {
 *     static final Option TEXT = Option.value("text", "WORDS", "what to print").asRequired();
 *     public String name() { return "echo"; }
 *     public String summary() { return "print the text given"; }
 *     public List<Option> options() { return List.of(TEXT); }
 *     public int run(ParsedOptions options, CommandContext context) {
 *         context.out().println(options.get(TEXT));
 *         return 0;
 *     }
 * }
 * }</pre>
 */
public interface Command {

    /** The name typed after {@code nat4j}: lower-case words joined by {@code -}, e.g. {@code "stun-server"}. */
    String name();

    /** One line for the command list of {@code nat4j --help}, lower-case, no final period. */
    String summary();

    /** A longer explanation for {@code nat4j <name> --help}, or empty. */
    default String description() {
        return "";
    }

    /** The options it accepts; {@code -h/--help} and {@code -v/--verbose} are added by the framework. */
    default List<Option> options() {
        return List.of();
    }

    /**
     * The placeholder of positional arguments for the usage line, e.g. {@code "FILE..."}, or {@code null} when the
     * command takes none (then any non-option argument is a usage error).
     */
    default String positionals() {
        return null;
    }

    /** Example command lines for the help, each starting with {@code nat4j}. */
    default List<String> examples() {
        return List.of();
    }

    /**
     * Does the work. A foreground service returns when {@link CommandContext#awaitStop()} returns (Ctrl-C).
     *
     * @return the exit code: 0 for success, 1 for failure (or throw), other values as the command documents
     * @throws Exception anything: its message becomes the one-line error, exit code 1
     */
    int run(ParsedOptions options, CommandContext context) throws Exception;
}
