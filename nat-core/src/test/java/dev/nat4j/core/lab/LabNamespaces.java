package dev.nat4j.core.lab;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names and removal of lab namespaces. A name is {@code n4j-<pid>-<lab number>-<node>}: the PID of the JVM that made
 * it tells whether its owner is still alive, so a later run can remove what a killed run left behind without ever
 * touching a live run's lab. (Interface names live inside each namespace, so they are short fixed names and never
 * collide between runs.)
 */
final class LabNamespaces {
    /** Every lab namespace starts with this. */
    static final String PREFIX = "n4j-";
    private static final Pattern NAME = Pattern.compile("^n4j-(\\d+)-(\\d+)-[a-z0-9]+$");

    private LabNamespaces() {}

    /** True when {@code namespace} is a lab namespace name (of any run). */
    static boolean isLabNamespace(String namespace) {
        return NAME.matcher(namespace).matches();
    }

    /** The names of all network namespaces on the machine. */
    static List<String> list() {
        Commands.Result list = Commands.quiet("ip", "netns", "list");
        List<String> names = new ArrayList<>();
        if (list.ok()) {
            for (String line : list.output().split("\n")) {
                if (!line.isBlank()) {
                    names.add(line.trim().split("\\s+")[0]);
                }
            }
        }
        return names;
    }

    /** Kills what runs inside {@code ns} and deletes it; returns a failure message, or null on success. */
    static String delete(String ns) {
        killEverythingIn(ns);
        Commands.Result result = Commands.quiet("ip", "netns", "del", ns);
        return result.ok() ? null : ns + ": " + result.output().trim();
    }

    /**
     * Kills every process inside {@code ns}. They are ours: nothing else runs in a namespace that a lab (of this run
     * or of a dead one) created under a PID-unique name.
     */
    private static void killEverythingIn(String ns) {
        Commands.Result pids = Commands.quiet("ip", "netns", "pids", ns);
        if (!pids.ok()) {
            return;
        }
        List<ProcessHandle> victims = new ArrayList<>();
        for (String token : pids.output().split("\\s+")) {
            if (token.matches("\\d+")) {
                ProcessHandle.of(Long.parseLong(token)).ifPresent(victims::add);
            }
        }
        victims.forEach(ProcessHandle::destroyForcibly);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (ProcessHandle victim : victims) {
            try {
                victim.onExit().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                // Best effort: a process stuck in the kernel shows up when its namespace fails to go.
            }
        }
    }

    /**
     * Deletes lab namespaces left behind by JVMs that are no longer alive (killed before their shutdown hook ran).
     * Namespaces of live JVMs, including other test runs going on at the same time, are left alone.
     *
     * @return the names removed
     */
    static List<String> sweepStale() {
        List<String> removed = new ArrayList<>();
        for (String name : list()) {
            Matcher matcher = NAME.matcher(name);
            if (!matcher.matches()) {
                continue;
            }
            long pid = Long.parseLong(matcher.group(1));
            boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
            if (!alive && delete(name) == null) {
                removed.add(name);
            }
        }
        return removed;
    }
}
