package dev.nat4j.ice;

/** The state of a candidate pair in a check list (RFC 8445 §6.1.2.6, figure 6). */
public enum PairState {
    /** No check sent, and none may be until the pair is unfrozen. */
    FROZEN,
    /** No check sent yet, but one may be. */
    WAITING,
    /** A check is outstanding. */
    IN_PROGRESS,
    /** A check got a symmetric success response. */
    SUCCEEDED,
    /** A check timed out, got an error, or its response was not symmetric. */
    FAILED
}
