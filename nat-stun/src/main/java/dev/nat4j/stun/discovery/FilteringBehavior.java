package dev.nat4j.stun.discovery;

/**
 * Which outside endpoints may send to a mapping (RFC 4787 §5), as found by the RFC 5780 §4.4 tests.
 *
 * <pre>{@code
 * boolean anyoneCanReachMe = report.filtering() == FilteringBehavior.ENDPOINT_INDEPENDENT;
 * }</pre>
 */
public enum FilteringBehavior {
    /** Anyone may send to the mapping ("full cone"). */
    ENDPOINT_INDEPENDENT("endpoint-independent"),
    /** Only IP addresses the mapping has sent to ("restricted cone"). */
    ADDRESS_DEPENDENT("address-dependent"),
    /** Only IP address and port pairs the mapping has sent to ("port-restricted cone"). */
    ADDRESS_AND_PORT_DEPENDENT("address-and-port-dependent"),
    /** Not determined; {@link NatReport#reasons()} says why. */
    UNKNOWN("unknown");

    private final String token;

    FilteringBehavior(String token) {
        this.token = token;
    }

    /** The stable lower-case name used in JSON, e.g. {@code "address-and-port-dependent"}. */
    public String token() {
        return token;
    }
}
