package dev.nat4j.core.lab;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Finds the running JVM's launcher, so a JVM forked into a namespace matches the test JVM. */
final class JavaLauncher {
    private JavaLauncher() {}

    static String javaExecutable() {
        return ProcessHandle.current().info().command()
                .filter(command -> Files.isExecutable(Path.of(command)))
                .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** Small, fast-starting JVMs: the lab runs several on two cores. */
    static List<String> defaultOptions() {
        return List.of("-Xss512k", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto");
    }
}
