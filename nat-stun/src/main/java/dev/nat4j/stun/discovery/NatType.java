package dev.nat4j.stun.discovery;

/**
 * The classic NAT names of RFC 3489 §10.1, derived from the RFC 4787 behaviours that RFC 5780 measures.
 *
 * <p>Address-dependent and address-and-port-dependent mapping are both "symmetric" here, as the RFC 3489 flow chart
 * (which compares a mapping to the other server address) would call them. Without a NAT, any filtering stricter than
 * endpoint-independent is a "symmetric UDP firewall".
 *
 * <pre>{@code
 * System.out.println("You are behind a " + report.natType().displayName());   // "port-restricted cone NAT"
 * }</pre>
 */
public enum NatType {
    /** No NAT and no filtering of unsolicited UDP. */
    OPEN_INTERNET("open-internet", "open internet (no NAT)"),
    /** No NAT, but only answers from where we sent are let in (RFC 3489's "symmetric UDP firewall"). */
    SYMMETRIC_UDP_FIREWALL("symmetric-udp-firewall", "symmetric UDP firewall (no NAT)"),
    /** Endpoint-independent mapping and filtering. */
    FULL_CONE("full-cone", "full cone NAT"),
    /** Endpoint-independent mapping, address-dependent filtering. */
    RESTRICTED_CONE("restricted-cone", "restricted cone NAT"),
    /** Endpoint-independent mapping, address-and-port-dependent filtering. */
    PORT_RESTRICTED_CONE("port-restricted-cone", "port-restricted cone NAT"),
    /** A new mapping per destination (address-dependent or address-and-port-dependent mapping). */
    SYMMETRIC("symmetric", "symmetric NAT"),
    /** The STUN server never answered over UDP. */
    UDP_BLOCKED("udp-blocked", "UDP blocked"),
    /** Not enough was learned to name it; {@link NatReport#reasons()} says why. */
    UNKNOWN("unknown", "unknown");

    private final String token;
    private final String displayName;

    NatType(String token, String displayName) {
        this.token = token;
        this.displayName = displayName;
    }

    /** The stable lower-case name used in JSON, e.g. {@code "port-restricted-cone"}. */
    public String token() {
        return token;
    }

    /** A phrase for people, e.g. {@code "port-restricted cone NAT"}. */
    public String displayName() {
        return displayName;
    }
}
