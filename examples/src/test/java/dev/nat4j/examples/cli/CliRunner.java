package dev.nat4j.examples.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.nat4j.examples.Commands;

/**
 * Runs the tool in-process for tests, capturing stdout and stderr: {@link #run} for commands that finish,
 * {@link #start} for foreground services that run until stopped.
 *
 * <pre>{@code
 * CliRunner.Result r = CliRunner.run("natcheck", "--stun", server, "--json");
 * assertEquals(0, r.exitCode(), r.err());
 *
 * CliRunner.Running s = CliRunner.start("stun-server", "--listen", "127.0.0.1:0");
 * ... s.err() shows progress so far ...
 * CliRunner.Result done = s.stop(Duration.ofSeconds(5));
 * }</pre>
 */
public final class CliRunner {
    private CliRunner() {}

    /** What a run printed and returned. */
    public record Result(int exitCode, String out, String err) {}

    /** Runs the real tool's command line to completion. */
    public static Result run(String... args) {
        return run(Commands.registry(), args);
    }

    /** Runs a command line against {@code registry} to completion. */
    public static Result run(CommandRegistry registry, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new Cli(registry, new ByteArrayInputStream(new byte[0]), print(out), print(err)).run(args);
        return new Result(code, text(out), text(err));
    }

    /** Starts the real tool's command line on a background thread. */
    public static Running start(String... args) {
        return start(Commands.registry(), args);
    }

    /** Starts a command line against {@code registry} on a background thread. */
    public static Running start(CommandRegistry registry, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Cli cli = new Cli(registry, new ByteArrayInputStream(new byte[0]), print(out), print(err));
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        // A thread of its own: a blocking service must not occupy the small common pool.
        Thread thread = new Thread(() -> {
            try {
                exit.complete(cli.run(args));
            } catch (Throwable t) {
                exit.completeExceptionally(t);
            }
        }, "nat4j-cli-" + String.join(" ", args));
        thread.setDaemon(true);
        thread.start();
        return new Running(cli, exit, out, err);
    }

    /** A command running on a background thread. */
    public static final class Running {
        private final Cli cli;
        private final CompletableFuture<Integer> exit;
        private final ByteArrayOutputStream out;
        private final ByteArrayOutputStream err;

        private Running(Cli cli, CompletableFuture<Integer> exit, ByteArrayOutputStream out,
                ByteArrayOutputStream err) {
            this.cli = cli;
            this.exit = exit;
            this.out = out;
            this.err = err;
        }

        /** Standard output so far. */
        public String out() {
            return text(out);
        }

        /** Standard error so far. */
        public String err() {
            return text(err);
        }

        /** True once the command has returned. */
        public boolean finished() {
            return exit.isDone();
        }

        /** Requests a stop (as Ctrl-C does) and waits for the command to return, at most {@code max}. */
        public Result stop(Duration max) throws InterruptedException, TimeoutException {
            cli.requestStop();
            return await(max);
        }

        /** Waits for the command to return by itself, at most {@code max}. */
        public Result await(Duration max) throws InterruptedException, TimeoutException {
            try {
                int code = exit.get(max.toNanos(), TimeUnit.NANOSECONDS);
                return new Result(code, out(), err());
            } catch (ExecutionException e) {
                throw new AssertionError("the CLI itself threw", e.getCause());
            }
        }
    }

    private static PrintStream print(ByteArrayOutputStream sink) {
        return new PrintStream(sink, true, StandardCharsets.UTF_8);
    }

    private static String text(ByteArrayOutputStream sink) {
        synchronized (sink) {
            return sink.toString(StandardCharsets.UTF_8);
        }
    }
}
