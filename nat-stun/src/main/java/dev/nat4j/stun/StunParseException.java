package dev.nat4j.stun;

/**
 * A datagram is not a well-formed STUN message, or an attribute's value is malformed.
 *
 * <p>Bad input is routine on a public port, so this exception is cheap: it carries no stack trace.
 */
public final class StunParseException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A parse failure with a short reason, suitable for a debug log. */
    public StunParseException(String reason) {
        super(reason, null, false, false);
    }
}
