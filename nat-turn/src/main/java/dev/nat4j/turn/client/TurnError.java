package dev.nat4j.turn.client;

/**
 * Why a TURN operation failed: a reason the application can act on, the server's error code when there was one, and
 * a message for people.
 *
 * <pre>{@code
 * if (error.reason() == TurnError.Reason.AUTHENTICATION) { ask the user for another password }
 * }</pre>
 *
 * @param reason  the kind of failure
 * @param code    the STUN error code (300..699) the server answered with, or 0 when it did not answer with one
 * @param message what happened, in words (never holds a password)
 */
public record TurnError(Reason reason, int code, String message) {

    /** The kinds of failure. */
    public enum Reason {
        /** No (acceptable) response before the transaction timed out. */
        TIMEOUT,
        /** 401 after the client sent credentials, more times than allowed, or no credentials configured. */
        AUTHENTICATION,
        /** 438 Stale Nonce more times in a row than allowed. */
        STALE_NONCE_LOOP,
        /** 300 Try Alternate: too many hops, a loop back to a server already tried, or no usable ALTERNATE-SERVER. */
        REDIRECT,
        /** 437 Allocation Mismatch: no allocation for this 5-tuple (it expired), or one already exists. */
        ALLOCATION_MISMATCH,
        /** The server refused with another error code (403, 440, 442, 486, 508...). */
        REJECTED,
        /** The allocation reached its lifetime without a successful refresh. */
        EXPIRED,
        /** The server's answer broke the protocol (missing or malformed attributes). */
        PROTOCOL,
        /** The TCP/TLS connection to the server closed. */
        CONNECTION_CLOSED
    }

    @Override
    public String toString() {
        return reason + (code != 0 ? " (" + code + ")" : "") + ": " + message;
    }
}
