package dev.nat4j.stun.server;

/**
 * Why a {@link StunServerEngine} dropped a datagram without answering. Each reason has its own counter in
 * {@link StunServerStats} and its own rate-limited debug log line.
 *
 * <p>RFC 8489 §6.3 tells a server to discard silently what it cannot or must not answer: anything that is not a
 * well-formed STUN message, indications it has no use for, and responses (it sends no requests).
 */
public enum DropReason {
    /**
     * Shorter than a STUN header, a first byte outside 0..3 (RFC 7983: ChannelData, DTLS, RTP...), or no magic cookie
     * (also RFC 3489 requests): not STUN.
     */
    NOT_STUN,
    /** A STUN header, but the length field, an attribute length or the attribute layout is wrong. */
    MALFORMED,
    /** FINGERPRINT present but wrong (or of the wrong size): possibly not STUN at all (RFC 8489 §14.7). */
    BAD_FINGERPRINT,
    /** An indication: a Binding server has nothing to do with one, and never answers one. */
    INDICATION,
    /** A success or error response: the server sends no requests, so nothing is waiting for it. */
    RESPONSE,
    /** An answer was due but could not be addressed (e.g. an unspecified source address). */
    UNROUTABLE,
    /** A defect in the server itself; the datagram is dropped rather than letting the exception out of the loop. */
    INTERNAL_ERROR
}
