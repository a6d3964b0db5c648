package dev.nat4j.examples.cli;

/**
 * The command line was wrong: unknown command or option, missing or malformed value. The tool prints the message on
 * one line with a hint to the help, and exits with code {@value Cli#EXIT_USAGE}.
 *
 * <p>Thrown by the parser and by the typed getters of {@link ParsedOptions}; a command may throw it too, e.g. when two
 * options do not go together.
 *
 * <pre>{@code
 * if (options.has(JSON) && options.has(QUIET)) throw new UsageException("--json and --quiet exclude each other");
 * }</pre>
 */
public final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, naming the option, e.g. {@code "--port: expected 1..65535, got 'x'"} */
    public UsageException(String message) {
        super(message);
    }

    /** As {@link #UsageException(String)}, keeping the cause for {@code --verbose}. */
    public UsageException(String message, Throwable cause) {
        super(message, cause);
    }
}
