package dev.nat4j.ice.agent;

/** Why a candidate pair failed (RFC 8445 §7.2.5.2). */
public enum PairFailureReason {
    /** No response after every retransmission (§7.2.5.2.3). */
    TIMEOUT,
    /** A success response came from another address than the check went to (§7.2.5.2.1). */
    NON_SYMMETRIC_RESPONSE,
    /** An error response other than 487 (§7.2.5.2.4). */
    ERROR_RESPONSE,
    /** A success response without a usable XOR-MAPPED-ADDRESS. */
    BAD_RESPONSE
}
