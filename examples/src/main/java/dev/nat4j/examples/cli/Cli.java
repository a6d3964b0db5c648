package dev.nat4j.examples.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Dispatches one command line to a {@link Command}: global options, help, option parsing, and the mapping of what
 * happens to an exit code and a message. Holds no global state (streams are passed in), so tests run it in-process.
 * One instance serves one {@link #run}.
 *
 * <pre>{@code
 * int code = new Cli(registry, System.in, System.out, System.err).run(args);
 * }</pre>
 */
public final class Cli {
    /** The command did its job. */
    public static final int EXIT_OK = 0;
    /** The command failed (the message says why). */
    public static final int EXIT_FAILURE = 1;
    /** The command line was wrong. */
    public static final int EXIT_USAGE = 2;

    /** {@code -h/--help}, accepted by every command. */
    public static final Option HELP = Option.flag("help", "show this help").withShortName('h');
    /** {@code -v/--verbose}, accepted by every command and before the command name. */
    public static final Option VERBOSE =
            Option.flag("verbose", "debug logging, and stack traces on failure").withShortName('v');

    private final CommandRegistry registry;
    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);

    /** A dispatcher over {@code registry} that talks through the given streams. */
    public Cli(CommandRegistry registry, InputStream in, PrintStream out, PrintStream err) {
        this.registry = registry;
        this.in = in;
        this.out = out;
        this.err = err;
    }

    /** As {@link #run(List)}. */
    public int run(String... args) {
        return run(Arrays.asList(args));
    }

    /**
     * Runs the command line {@code args} (without the program name).
     *
     * @return the exit code: {@link #EXIT_OK}, {@link #EXIT_FAILURE}, {@link #EXIT_USAGE}, or what the command returned
     */
    public int run(List<String> args) {
        try {
            return dispatch(List.copyOf(args));
        } finally {
            out.flush();
            err.flush();
            finished.countDown();
        }
    }

    /** Asks a running command to stop (what Ctrl-C does); a command sees it through {@link CommandContext}. */
    public void requestStop() {
        stop.countDown();
    }

    /** Waits until {@link #run} has returned, at most {@code max}; true when it has. */
    public boolean awaitFinished(Duration max) throws InterruptedException {
        return finished.await(max.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** The command's options followed by the built-in {@link #HELP} and {@link #VERBOSE}. */
    public static List<Option> withBuiltins(List<Option> options) {
        List<Option> all = new ArrayList<>(options);
        all.add(VERBOSE);
        all.add(HELP);
        return List.copyOf(all);
    }

    private int dispatch(List<String> args) {
        boolean verbose = false;
        int i = 0;
        for (; i < args.size() && args.get(i).startsWith("-"); i++) {
            switch (args.get(i)) {
                case "-h", "--help" -> {
                    out.print(HelpFormatter.overview(Version.current(), registry.all()));
                    return EXIT_OK;
                }
                case "--version" -> {
                    out.println("nat4j " + Version.current());
                    return EXIT_OK;
                }
                case "-v", "--verbose" -> verbose = true;
                default -> {
                    return usageError("unknown option " + args.get(i), "nat4j --help");
                }
            }
        }
        if (i == args.size()) {
            err.println("nat4j: missing command");
            err.print(HelpFormatter.overview(Version.current(), registry.all()));
            return EXIT_USAGE;
        }
        String name = args.get(i);
        List<String> rest = args.subList(i + 1, args.size());
        if (name.equals("help")) {
            return help(rest);
        }
        Command command = registry.find(name);
        if (command == null) {
            return unknownCommand(name);
        }
        if (asksForHelp(rest)) {
            out.print(HelpFormatter.command(command));
            return EXIT_OK;
        }
        String hint = "nat4j " + name + " --help";
        ParsedOptions options;
        try {
            options = OptionParser.parse(withBuiltins(command.options()), command.positionals() != null, rest);
        } catch (UsageException e) {
            return usageError("nat4j " + name + ": " + e.getMessage(), hint);
        }
        verbose |= options.has(VERBOSE);
        CommandContext context = new CommandContext(in, out, err, verbose, stop);
        try {
            return command.run(options, context);
        } catch (UsageException e) {
            return usageError("nat4j " + name + ": " + e.getMessage(), hint);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("nat4j " + name + ": interrupted");
            return EXIT_FAILURE;
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable t) {
            err.println("nat4j " + name + ": " + describe(t, verbose));
            if (verbose) {
                t.printStackTrace(err);
            }
            return EXIT_FAILURE;
        }
    }

    private int help(List<String> rest) {
        if (rest.isEmpty()) {
            out.print(HelpFormatter.overview(Version.current(), registry.all()));
            return EXIT_OK;
        }
        if (rest.size() > 1) {
            return usageError("nat4j help: expected one command name", "nat4j --help");
        }
        Command command = registry.find(rest.get(0));
        if (command == null) {
            return unknownCommand(rest.get(0));
        }
        out.print(HelpFormatter.command(command));
        return EXIT_OK;
    }

    private int unknownCommand(String name) {
        List<String> names = new ArrayList<>(registry.names());
        names.add("help");
        String guess = Suggestions.closest(name, names);
        return usageError("nat4j: unknown command '" + name + "'" + (guess == null ? "" : " (did you mean '" + guess
                + "'?)"), "nat4j --help");
    }

    private int usageError(String message, String hintCommand) {
        err.println(message + "; see '" + hintCommand + "'");
        return EXIT_USAGE;
    }

    private static boolean asksForHelp(List<String> args) {
        for (String a : args) {
            if (a.equals("--")) {
                return false;
            }
            if (a.equals("-h") || a.equals("--help")) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Throwable t, boolean verbose) {
        if (t instanceof CommandFailedException) {
            return t.getMessage();
        }
        String text = t.getMessage() == null ? t.getClass().getSimpleName()
                : t.getClass().getSimpleName() + ": " + t.getMessage();
        return verbose ? text : text + " (-v shows the stack trace)";
    }
}
