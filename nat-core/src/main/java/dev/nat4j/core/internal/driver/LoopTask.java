package dev.nat4j.core.internal.driver;

/** A command for the selector thread that can be told it will never run (the driver closed first). */
public interface LoopTask extends Runnable {

    /** Called instead of {@link #run()} when the loop stops before reaching this task. */
    default void abandon(Throwable cause) {
    }
}
