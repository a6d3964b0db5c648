package dev.nat4j.examples.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What a running {@link Command} gets besides its options: the streams, whether {@code -v} was given, and a stop
 * signal that Ctrl-C (or a test) raises, so foreground services can shut down cleanly.
 *
 * <pre>{@code
 * try (var server = startServer(options)) {
 *     context.err().println("listening on " + server.address() + "; Ctrl-C to stop");
 *     context.awaitStop();
 * }
 * return 0;
 * }</pre>
 */
public final class CommandContext {
    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean verbose;
    private final CountDownLatch stop;

    CommandContext(InputStream in, PrintStream out, PrintStream err, boolean verbose, CountDownLatch stop) {
        this.in = in;
        this.out = out;
        this.err = err;
        this.verbose = verbose;
        this.stop = stop;
    }

    /** Standard input. */
    public InputStream in() {
        return in;
    }

    /** Standard output: the command's results (human text, or the JSON object). */
    public PrintStream out() {
        return out;
    }

    /** Standard error: progress and diagnostics. */
    public PrintStream err() {
        return err;
    }

    /** True when {@code -v/--verbose} was given (logging is then at debug level already). */
    public boolean verbose() {
        return verbose;
    }

    /** Blocks until a stop is requested (Ctrl-C, or {@link Cli#requestStop()} from a test). */
    public void awaitStop() throws InterruptedException {
        stop.await();
    }

    /** Blocks until a stop is requested or {@code max} passes; true when stopped. */
    public boolean awaitStop(Duration max) throws InterruptedException {
        return stop.await(max.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** True once a stop has been requested; long loops check it between steps. */
    public boolean stopRequested() {
        return stop.getCount() == 0;
    }
}
