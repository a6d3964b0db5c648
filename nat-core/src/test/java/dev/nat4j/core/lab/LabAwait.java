package dev.nat4j.core.lab;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition until it holds or a deadline passes: the lab's way to wait without fixed sleeps. */
final class LabAwait {
    private static final long POLL_MILLIS = 25;

    private LabAwait() {}

    /** Returns true as soon as {@code condition} holds, false once {@code timeout} has passed without it. */
    static boolean until(BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (condition.getAsBoolean()) {
                return true;
            }
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }
}
