package dev.nat4j.stun.discovery;

/**
 * What came back for one filtering probe (a Binding request with CHANGE-REQUEST, RFC 5780 §4.4).
 *
 * <pre>{@code
 * FilteringBehavior f = NatClassifier.filtering(ProbeResult.NO_RESPONSE, ProbeResult.RESPONSE);  // ADDRESS_DEPENDENT
 * }</pre>
 */
public enum ProbeResult {
    /** A success response arrived from the address the CHANGE-REQUEST asked for. */
    RESPONSE,
    /** Nothing arrived before the transaction timed out: the NAT (or a firewall) filtered it. */
    NO_RESPONSE,
    /** The server answered with an error (e.g. 420: it does not support CHANGE-REQUEST) or something unreadable. */
    ERROR,
    /** A response arrived, but from an address that shows the server ignored the CHANGE-REQUEST. */
    WRONG_SOURCE,
    /** The probe was not sent (an earlier result made it unnecessary or impossible). */
    NOT_RUN
}
