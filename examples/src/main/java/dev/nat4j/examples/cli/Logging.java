package dev.nat4j.examples.cli;

import java.util.List;

/**
 * Sets up slf4j-simple for the tool. The defaults live in {@code simplelogger.properties} (info, concise, to
 * stderr); {@code -v} switches to debug with time and thread names. Must run before the first logger is created,
 * because slf4j-simple reads its settings once; a {@code -Dorg.slf4j.simpleLogger...} given by the user wins.
 *
 * <pre>{@code
 * Logging.configure(Logging.verboseRequested(List.of(args)));   // first line of main
 * }</pre>
 */
public final class Logging {
    private static final String PREFIX = "org.slf4j.simpleLogger.";

    private Logging() {}

    /** True when {@code -v} or {@code --verbose} appears before a {@code --}. */
    public static boolean verboseRequested(List<String> args) {
        for (String a : args) {
            if (a.equals("--")) {
                return false;
            }
            if (a.equals("-v") || a.equals("--verbose")) {
                return true;
            }
        }
        return false;
    }

    /** Applies the verbose settings when asked; the properties file covers the quiet default. */
    public static void configure(boolean verbose) {
        if (!verbose) {
            return;
        }
        setIfAbsent("defaultLogLevel", "debug");
        setIfAbsent("showDateTime", "true");
        setIfAbsent("dateTimeFormat", "HH:mm:ss.SSS");
        setIfAbsent("showThreadName", "true");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(PREFIX + key) == null) {
            System.setProperty(PREFIX + key, value);
        }
    }
}
