package dev.nat4j.ice.agent;

/** The state of the ICE session (RFC 8445 §6.1.3), for the single data stream nat4j runs. */
public enum IceAgentState {
    /** Checks are running (or waiting for candidates). */
    RUNNING,
    /** A pair is nominated and selected. */
    COMPLETED,
    /** Every pair failed and both sides have signalled end-of-candidates. */
    FAILED
}
