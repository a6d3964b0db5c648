package dev.nat4j.core.lab;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the short administrative commands that build and tear down the lab ({@code ip}, {@code iptables-restore},
 * {@code tc}, {@code conntrack}) and waits for them, bounded in time.
 */
final class Commands {
    /** No administrative command should take this long; one that does is hung and gets killed. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

    private Commands() {}

    /** What a finished command left behind. */
    record Result(List<String> command, int exitCode, String output) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    /** Runs {@code command} and throws {@link LabException} (with its output) unless it exits 0. */
    static String check(String... command) {
        return check(null, List.of(command));
    }

    /** Runs {@code command} with {@code stdin} fed to it; throws unless it exits 0. */
    static String check(String stdin, List<String> command) {
        Result result = run(stdin, command, DEFAULT_TIMEOUT);
        if (!result.ok()) {
            throw new LabException("command failed (exit " + result.exitCode() + "): " + String.join(" ", command)
                    + (stdin == null ? "" : "\n--- stdin ---\n" + stdin) + "\n--- output ---\n" + result.output());
        }
        return result.output();
    }

    /** Runs {@code command}, never throwing for a non-zero exit: cleanup paths use this. */
    static Result quiet(String... command) {
        try {
            return run(null, List.of(command), DEFAULT_TIMEOUT);
        } catch (LabException e) {
            return new Result(List.of(command), -1, String.valueOf(e.getMessage()));
        }
    }

    static Result run(String stdin, List<String> command, Duration timeout) {
        Process process;
        try {
            process = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new LabException("cannot start " + String.join(" ", command) + ": " + e.getMessage(), e);
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> copy(process.getInputStream(), output), "lab-cmd-output");
        reader.setDaemon(true);
        reader.start();
        try (OutputStream in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // The command may exit before reading its input; its exit code tells the rest.
        }
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new LabException("command timed out after " + timeout + ": " + String.join(" ", command));
            }
            reader.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new LabException("interrupted while running " + String.join(" ", command), e);
        }
        String text;
        synchronized (output) {
            text = output.toString(StandardCharsets.UTF_8);
        }
        return new Result(List.copyOf(command), process.exitValue(), text);
    }

    private static void copy(InputStream from, ByteArrayOutputStream to) {
        byte[] buffer = new byte[8192];
        try (from) {
            for (int n; (n = from.read(buffer)) >= 0; ) {
                synchronized (to) {
                    to.write(buffer, 0, n);
                }
            }
        } catch (IOException e) {
            // The process went away; what was read so far is all there is.
        }
    }

    /** {@code ip netns exec NS} followed by {@code command}. */
    static List<String> inNamespace(String namespace, List<String> command) {
        List<String> full = new ArrayList<>(command.size() + 4);
        full.add("ip");
        full.add("netns");
        full.add("exec");
        full.add(namespace);
        full.addAll(command);
        return full;
    }
}
