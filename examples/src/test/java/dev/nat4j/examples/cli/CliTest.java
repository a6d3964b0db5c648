package dev.nat4j.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import dev.nat4j.examples.Commands;
import org.junit.jupiter.api.Test;

class CliTest {

    /** Echoes its parsed options as JSON, to see what the framework hands to a command. */
    static final class ProbeCommand implements Command {
        static final Option TARGET = Option.value("target", "IP:PORT", "where to probe").asRequired();
        static final Option TRIES = Option.value("tries", "N", "attempts").withDefault("2").withShortName('t');
        static final Option TAG = Option.value("tag", "WORD", "labels").asRepeatable();
        static final Option JSON = Option.flag("json", "JSON output");

        public String name() {
            return "probe";
        }

        public String summary() {
            return "probe a target";
        }

        public String description() {
            return "Sends probes and reports.";
        }

        public List<Option> options() {
            return List.of(TARGET, TRIES, TAG, JSON);
        }

        public List<String> examples() {
            return List.of("nat4j probe --target 127.0.0.1:9");
        }

        public int run(ParsedOptions o, CommandContext c) {
            c.out().println(Json.object()
                    .put("target", o.getSocketAddress(TARGET))
                    .put("tries", o.getInt(TRIES, 1, 5))
                    .put("tags", o.getAll(TAG))
                    .put("json", o.has(JSON))
                    .put("verbose", c.verbose()));
            return 0;
        }
    }

    /** Does what its positional argument says: "throw", "fail", "usage", or an exit code. */
    static final class ActCommand implements Command {
        public String name() {
            return "act";
        }

        public String summary() {
            return "act as told";
        }

        public String positionals() {
            return "WHAT";
        }

        public int run(ParsedOptions o, CommandContext c) {
            String what = o.positionals().isEmpty() ? "0" : o.positionals().get(0);
            switch (what) {
                case "throw" -> throw new IllegalStateException("kaput");
                case "fail" -> throw new CommandFailedException("server did not answer");
                case "usage" -> throw new UsageException("--x and --y exclude each other");
                default -> {
                    return Integer.parseInt(what);
                }
            }
        }
    }

    /** A foreground service: says it is ready, then waits for the stop signal. */
    static final class ServeCommand implements Command {
        public String name() {
            return "serve";
        }

        public String summary() {
            return "serve until stopped";
        }

        public int run(ParsedOptions o, CommandContext c) throws InterruptedException {
            c.err().println("ready");
            c.awaitStop();
            c.err().println("stopped");
            return 0;
        }
    }

    private static CommandRegistry registry() {
        return new CommandRegistry().add(new ProbeCommand()).add(new ActCommand()).add(new ServeCommand());
    }

    private static CliRunner.Result run(String... args) {
        return CliRunner.run(registry(), args);
    }

    private static void assertOneLineUsageError(CliRunner.Result r, String expected, String hint) {
        assertEquals(Cli.EXIT_USAGE, r.exitCode(), r.err());
        assertEquals("", r.out());
        assertEquals(expected + "; see '" + hint + "'\n", r.err());
    }

    @Test
    void overviewListsEveryCommandWithItsSummary() {
        for (String[] args : List.of(new String[] {"--help"}, new String[] {"-h"}, new String[] {"help"})) {
            CliRunner.Result r = run(args);
            assertEquals(0, r.exitCode());
            assertTrue(r.out().contains("Usage: nat4j <command> [options]"), r.out());
            for (Command c : registry().all()) {
                assertTrue(r.out().matches("(?s).*\n  " + c.name() + " +" + c.summary() + "\n.*"), r.out());
            }
        }
    }

    @Test
    void commandHelpShowsEveryOptionEvenWhenRequiredOnesAreMissing() {
        CliRunner.Result r = run("probe", "--help");
        assertEquals(0, r.exitCode());
        assertEquals("", r.err());
        assertTrue(r.out().startsWith(
                "Usage: nat4j probe --target IP:PORT [--tries N] [--tag WORD]... [--json]\n"), r.out());
        assertTrue(r.out().contains("-t, --tries N"), r.out());
        assertTrue(r.out().contains("(default: 2)"), r.out());
        assertTrue(r.out().contains("(repeatable)"), r.out());
        assertTrue(r.out().contains("(required)"), r.out());
        assertTrue(r.out().contains("Sends probes and reports."), r.out());
        assertTrue(r.out().contains("  nat4j probe --target 127.0.0.1:9\n"), r.out());
        assertEquals(r.out(), run("help", "probe").out());
        assertEquals(r.out(), run("probe", "--tries", "x", "-h").out(), "help wins over bad options");
    }

    @Test
    void everyRealCommandsHelpNamesEveryOption() {
        CommandRegistry real = Commands.registry();
        assertFalse(real.all().isEmpty());
        String overview = CliRunner.run(real, "--help").out();
        for (Command c : real.all()) {
            assertTrue(overview.contains(c.name()), overview);
            CliRunner.Result r = CliRunner.run(real, c.name(), "--help");
            assertEquals(0, r.exitCode(), c.name() + ": " + r.err());
            for (Option o : Cli.withBuiltins(c.options())) {
                assertTrue(r.out().contains(o.display()), c.name() + " help lacks " + o.display() + ":\n" + r.out());
                assertTrue(r.out().contains(o.description()), c.name() + " help lacks text of " + o.display());
                if (!o.isFlag()) {
                    assertTrue(r.out().contains(o.display() + " " + o.valueName()), r.out());
                }
            }
        }
    }

    @Test
    void optionsReachTheCommandParsedAndTyped() {
        CliRunner.Result r = run("probe", "--target=127.0.0.1:9", "--tag", "a", "--tag", "b", "-t", "4", "--json");
        assertEquals(0, r.exitCode(), r.err());
        Map<String, Object> json = MiniJson.parseObject(r.out());
        assertEquals("127.0.0.1:9", json.get("target"));
        assertEquals(4, ((Number) json.get("tries")).intValue());
        assertEquals(List.of("a", "b"), json.get("tags"));
        assertEquals(true, json.get("json"));
        assertEquals(false, json.get("verbose"));
    }

    @Test
    void verboseBeforeOrAfterTheCommandName() {
        assertEquals(true, MiniJson.parseObject(run("-v", "probe", "--target", "127.0.0.1:9").out()).get("verbose"));
        assertEquals(true, MiniJson.parseObject(run("probe", "--verbose", "--target", "127.0.0.1:9").out())
                .get("verbose"));
    }

    @Test
    void versionFlagPrintsOneLine() {
        CliRunner.Result r = run("--version");
        assertEquals(0, r.exitCode());
        assertTrue(r.out().matches("nat4j \\S.*\n"), r.out());
    }

    @Test
    void unknownCommandIsOneLineWithAHint() {
        assertOneLineUsageError(run("prob"), "nat4j: unknown command 'prob' (did you mean 'probe'?)", "nat4j --help");
        assertOneLineUsageError(run("zzzzzz"), "nat4j: unknown command 'zzzzzz'", "nat4j --help");
        assertOneLineUsageError(run("help", "zzzzzz"), "nat4j: unknown command 'zzzzzz'", "nat4j --help");
    }

    @Test
    void unknownGlobalOptionIsAUsageError() {
        assertOneLineUsageError(run("--frobnicate", "probe"), "unknown option --frobnicate", "nat4j --help");
    }

    @Test
    void badOptionsAreOneLineUsageErrorsNamingTheOption() {
        assertOneLineUsageError(run("probe", "--target", "127.0.0.1:9", "--trie", "3"),
                "nat4j probe: unknown option --trie (did you mean --tries?)", "nat4j probe --help");
        assertOneLineUsageError(run("probe"),
                "nat4j probe: missing required option --target IP:PORT", "nat4j probe --help");
        assertOneLineUsageError(run("probe", "--target", "127.0.0.1:9", "--tries", "9"),
                "nat4j probe: --tries: 9 is out of range 1..5", "nat4j probe --help");
    }

    @Test
    void missingCommandPrintsTheOverviewToStderr() {
        CliRunner.Result r = run();
        assertEquals(Cli.EXIT_USAGE, r.exitCode());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("nat4j: missing command\n"), r.err());
    }

    @Test
    void failingCommandGivesExitOneAndAMessageWithoutStackTrace() {
        CliRunner.Result r = run("act", "throw");
        assertEquals(Cli.EXIT_FAILURE, r.exitCode());
        assertEquals("", r.out());
        assertEquals("nat4j act: IllegalStateException: kaput (-v shows the stack trace)\n", r.err());

        CliRunner.Result failed = run("act", "fail");
        assertEquals(Cli.EXIT_FAILURE, failed.exitCode());
        assertEquals("nat4j act: server did not answer\n", failed.err());
    }

    @Test
    void verboseAddsTheStackTrace() {
        CliRunner.Result r = run("act", "-v", "throw");
        assertEquals(Cli.EXIT_FAILURE, r.exitCode());
        assertTrue(r.err().startsWith("nat4j act: IllegalStateException: kaput\n"), r.err());
        assertTrue(r.err().contains("\tat " + ActCommand.class.getName()), r.err());
    }

    @Test
    void usageErrorFromInsideACommandIsExitTwo() {
        assertOneLineUsageError(run("act", "usage"), "nat4j act: --x and --y exclude each other",
                "nat4j act --help");
    }

    @Test
    void commandsExitCodePassesThrough() {
        assertEquals(0, run("act", "0").exitCode());
        assertEquals(3, run("act", "3").exitCode());
        assertEquals(0, run("act", "--", "0").exitCode());
    }

    @Test
    void foregroundCommandStopsWhenAsked() throws Exception {
        CliRunner.Running running = CliRunner.start(registry(), "serve");
        awaitCondition(() -> running.err().contains("ready"), Duration.ofSeconds(10));
        assertFalse(running.finished(), "a service runs until stopped");
        CliRunner.Result r = running.stop(Duration.ofSeconds(10));
        assertEquals(0, r.exitCode());
        assertEquals("ready\nstopped\n", r.err());
    }

    @Test
    void registryRejectsBadAndClashingCommands() {
        assertThrows(IllegalArgumentException.class, () -> registry().add(new ProbeCommand()));
        assertThrows(IllegalArgumentException.class, () -> new CommandRegistry().add(named("Bad Name", List.of())));
        assertThrows(IllegalArgumentException.class, () -> new CommandRegistry().add(named("help", List.of())));
        assertThrows(IllegalArgumentException.class, () -> new CommandRegistry()
                .add(named("x", List.of(Option.flag("verbose", "mine")))));
        assertThrows(IllegalArgumentException.class, () -> new CommandRegistry()
                .add(named("x", List.of(Option.flag("hush", "mine").withShortName('h')))));
        assertThrows(IllegalArgumentException.class, () -> new CommandRegistry()
                .add(named("x", List.of(Option.flag("a", "1"), Option.flag("a", "2")))));
    }

    private static Command named(String name, List<Option> options) {
        return new Command() {
            public String name() {
                return name;
            }

            public String summary() {
                return "test";
            }

            public List<Option> options() {
                return options;
            }

            public int run(ParsedOptions o, CommandContext c) {
                return 0;
            }
        };
    }

    private static void awaitCondition(BooleanSupplier condition, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("condition not met within " + max);
            }
            LockSupport.parkNanos(5_000_000);
        }
    }
}
