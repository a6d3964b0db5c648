package dev.nat4j.core.lab;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A process started inside one of the lab's namespaces, with its standard output and error captured.
 *
 * <p>The lab keeps track of every process it started and kills it in {@link NatLab#close()}, so a test that forgets
 * one leaves nothing running. Killing is by PID only ({@code ip netns exec} execs the command, so the PID is the
 * command's own).
 *
 * <pre>{@code
 * try (LabProcess echo = lan.host().exec("turnutils_stunclient", "203.0.113.1")) {
 *     int exit = echo.waitFor(Duration.ofSeconds(10));
 *     String text = echo.stdout();
 * }
 * }</pre>
 */
public final class LabProcess implements AutoCloseable {
    /** Output beyond this is dropped so a chatty process cannot exhaust the test JVM's heap. */
    private static final int MAX_CAPTURE_CHARS = 4 * 1024 * 1024;

    private final String namespace;
    private final List<String> command;
    private final Process process;
    private final StringBuilder stdout = new StringBuilder();
    private final StringBuilder stderr = new StringBuilder();
    private final Consumer<LabProcess> onClose;
    private final Thread stdoutReader;
    private final Thread stderrReader;

    LabProcess(String namespace, List<String> command, Process process, Consumer<LabProcess> onClose) {
        this.namespace = namespace;
        this.command = List.copyOf(command);
        this.process = process;
        this.onClose = onClose;
        this.stdoutReader = drain(process.getInputStream(), stdout, "stdout");
        this.stderrReader = drain(process.getErrorStream(), stderr, "stderr");
    }

    private Thread drain(InputStream stream, StringBuilder into, String which) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (stream) {
                for (int n; (n = stream.read(buffer)) >= 0; ) {
                    String chunk = new String(buffer, 0, n, StandardCharsets.UTF_8);
                    synchronized (this) {
                        if (into.length() < MAX_CAPTURE_CHARS) {
                            into.append(chunk, 0, Math.min(chunk.length(), MAX_CAPTURE_CHARS - into.length()));
                        }
                        notifyAll();
                    }
                }
            } catch (IOException e) {
                // Stream closed because the process died or was killed: the capture is complete.
            }
        }, "lab-" + which + "-" + process.pid());
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** The PID of the command (not of a wrapper). */
    public long pid() {
        return process.pid();
    }

    /** The namespace the command runs in. */
    public String namespace() {
        return namespace;
    }

    /** The command as given (without the {@code ip netns exec} prefix). */
    public List<String> command() {
        return command;
    }

    /** True while the process runs. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** Everything the process wrote to standard output so far. */
    public synchronized String stdout() {
        return stdout.toString();
    }

    /** Everything the process wrote to standard error so far. */
    public synchronized String stderr() {
        return stderr.toString();
    }

    /**
     * Waits until {@code fragment} appears on standard output or error.
     *
     * @return true if it appeared, false if the timeout passed or the process exited without printing it
     */
    public boolean awaitOutput(String fragment, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (stdout.indexOf(fragment) < 0 && stderr.indexOf(fragment) < 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                if (!process.isAlive()) {
                    // Give the drain threads a last short chance to deliver what the process wrote before exiting.
                    left = Math.min(left, TimeUnit.MILLISECONDS.toNanos(200));
                    deadline = Math.min(deadline, System.nanoTime() + left);
                }
                try {
                    wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)))));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * Waits for the process to exit and returns its exit code.
     *
     * @throws LabException if it is still running after {@code timeout} (it is killed then)
     */
    public int waitFor(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
                throw new LabException("still running after " + timeout + ", killed: " + this
                        + "\n--- stdout ---\n" + stdout() + "\n--- stderr ---\n" + stderr());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
            throw new LabException("interrupted while waiting for " + this, e);
        }
        awaitDrained();
        return process.exitValue();
    }

    private void awaitDrained() {
        // The drain threads see end-of-stream right after exit; joining them makes stdout() complete.
        try {
            stdoutReader.join(2000);
            stderrReader.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Kills the process and everything it started (by PID), and waits briefly for it to be gone. Idempotent. */
    public void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        onClose.accept(this);
    }

    /** Same as {@link #kill()}. */
    @Override
    public void close() {
        kill();
    }

    @Override
    public String toString() {
        return "pid " + pid() + " in " + namespace + ": " + String.join(" ", command);
    }
}
