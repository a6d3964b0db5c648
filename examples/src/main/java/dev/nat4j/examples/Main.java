package dev.nat4j.examples;

import dev.nat4j.examples.cli.Cli;
import dev.nat4j.examples.cli.Logging;

import java.time.Duration;
import java.util.Arrays;

/**
 * Entry point of the {@code nat4j} command-line tool (the shaded jar {@code examples/target/nat4j-cli.jar}, started
 * by the {@code ./nat4j} launcher). Commands are listed in {@link Commands}.
 *
 * <pre>{@code
 * ./nat4j --help
 * ./nat4j version --json
 * }</pre>
 */
public final class Main {
    /** How long Ctrl-C waits for a command to close its sockets before the JVM ends anyway. */
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(3);

    private Main() {}

    /** Runs {@code nat4j <command> [options]} and exits with the command's exit code. */
    public static void main(String[] args) {
        // Before anything creates a logger: slf4j-simple reads its settings once.
        Logging.configure(Logging.verboseRequested(Arrays.asList(args)));
        Cli cli = new Cli(Commands.registry(), System.in, System.out, System.err);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // Ctrl-C: let a foreground service return from awaitStop() and close cleanly.
            cli.requestStop();
            try {
                cli.awaitFinished(SHUTDOWN_GRACE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "nat4j-shutdown"));
        System.exit(cli.run(args));
    }
}
