package dev.nat4j.core.lab;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The userspace delay line ({@code lab/delayline.py}) used instead of netem where the kernel lacks it. The script
 * is a class-path resource (it may sit inside the nat-core test-jar), so it is copied to a temp file once.
 */
final class DelayLine {
    private static Path script;

    private DelayLine() {}

    static List<String> command(String nearIf, String farIf, long seed, Impairment fromNear, Impairment fromFar) {
        return List.of(python(), script().toString(), nearIf, farIf, Long.toString(seed), spec(fromNear),
                spec(fromFar));
    }

    private static String spec(Impairment impairment) {
        return impairment.delay().toNanos() / 1000 + "," + impairment.jitter().toNanos() / 1000 + ","
                + impairment.lossPercent() + "," + impairment.reorderPercent();
    }

    private static String python() {
        // Debian's interpreter first: a PATH shim (pyenv) may not work under `ip netns exec` or as root.
        return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }

    private static synchronized Path script() {
        if (script == null) {
            try (InputStream in = DelayLine.class.getResourceAsStream("/lab/delayline.py")) {
                if (in == null) {
                    throw new LabException("resource /lab/delayline.py missing from the class path");
                }
                Path file = Files.createTempFile("n4j-delayline-", ".py");
                file.toFile().deleteOnExit();
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                script = file;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return script;
    }
}
