package dev.nat4j.stun.discovery;

/**
 * How the NAT picks the public address for a flow (RFC 4787 §4.1), as found by the RFC 5780 §4.3 tests.
 *
 * <pre>{@code
 * if (report.mapping() == MappingBehavior.ENDPOINT_INDEPENDENT) { ... }   // direct ICE paths likely
 * String json = report.mapping().token();                                  // "endpoint-independent"
 * }</pre>
 */
public enum MappingBehavior {
    /** The mapped address is the local address: there is no NAT (effectively endpoint-independent). */
    NO_NAT("no-nat"),
    /** One public address per local address, whatever the destination ("cone"). */
    ENDPOINT_INDEPENDENT("endpoint-independent"),
    /** A new public address per destination IP. */
    ADDRESS_DEPENDENT("address-dependent"),
    /** A new public address per destination IP and port ("symmetric"). */
    ADDRESS_AND_PORT_DEPENDENT("address-and-port-dependent"),
    /** Not determined; {@link NatReport#reasons()} says why. */
    UNKNOWN("unknown");

    private final String token;

    MappingBehavior(String token) {
        this.token = token;
    }

    /** The stable lower-case name used in JSON and on the command line, e.g. {@code "address-dependent"}. */
    public String token() {
        return token;
    }

    /** True when one public address serves every destination (no NAT, or endpoint-independent mapping). */
    public boolean isEndpointIndependent() {
        return this == NO_NAT || this == ENDPOINT_INDEPENDENT;
    }
}
