package dev.nat4j.core.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Guards for tests that need something outside the JVM (root, a program such as coturn's tools).
 *
 * <p>Run locally without the prerequisite, such a test is skipped with a message that says what is missing. Under
 * {@code CI=true} a missing prerequisite fails the test instead: CI must never pass by skipping.
 *
 * <pre>{@code
 * @BeforeAll static void needs() { Prerequisites.require(Prerequisites.isRoot(), "root (network namespaces)"); }
 * }</pre>
 */
public final class Prerequisites {
    private Prerequisites() {}

    /** True when running under CI ({@code CI=true}). */
    public static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Skips (locally) or fails (under CI) unless {@code present}. */
    public static void require(boolean present, String what) {
        if (present) {
            return;
        }
        String message = "missing prerequisite: " + what;
        if (inCi()) {
            Assertions.fail(message + " (CI=true: a missing prerequisite is a failure; .ci/run installs it)");
        }
        Assumptions.abort(message + " (skipped; run .ci/run or install it to include this test)");
    }

    /** Requires the named program on the PATH. */
    public static void requireProgram(String program) {
        require(onPath(program), "program '" + program + "' on the PATH");
    }

    /** Requires root (network namespaces, iptables). */
    public static void requireRoot() {
        require(isRoot(), "root privileges (network namespaces, iptables)");
    }

    /** True when the JVM runs as uid 0. */
    public static boolean isRoot() {
        try {
            Process p = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            return p.waitFor(5, TimeUnit.SECONDS) && "0".equals(out);
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** True when {@code program} is an executable file in one of the PATH directories (or /usr/sbin, /sbin). */
    public static boolean onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin:/usr/bin";
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
