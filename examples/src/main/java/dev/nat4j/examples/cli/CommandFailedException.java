package dev.nat4j.examples.cli;

/**
 * A command could not do its job for a reason the user should read (server unreachable, port in use). The tool prints
 * the message without a stack trace (unless {@code --verbose}) and exits with code {@value Cli#EXIT_FAILURE}.
 *
 * <p>Any other exception out of {@link Command#run} is treated the same way; this type only says the message is
 * already written for a user.
 *
 * <pre>{@code
 * throw new CommandFailedException("no answer from " + server + " within 39.5 s");
 * }</pre>
 */
public final class CommandFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message one line for the user */
    public CommandFailedException(String message) {
        super(message);
    }

    /** As {@link #CommandFailedException(String)}, keeping the cause for {@code --verbose}. */
    public CommandFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
