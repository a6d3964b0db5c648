package dev.nat4j.core.sim;

/**
 * The simulation itself went wrong: an engine threw, time stopped advancing, a run exceeded its step budget. The
 * message always carries the network's seed and virtual time so the run can be replayed.
 */
public final class SimulationException extends RuntimeException {
    SimulationException(String message, Throwable cause) {
        super(message, cause);
    }
}
