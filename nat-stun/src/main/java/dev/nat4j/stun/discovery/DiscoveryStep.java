package dev.nat4j.stun.discovery;

/**
 * One test of the discovery run, in the order the engine runs them; reported by {@link DiscoveryProgress} as each
 * completes.
 *
 * <pre>{@code
 * listener = p -> System.err.println(p.step().description() + ": " + p.result());
 * }</pre>
 */
public enum DiscoveryStep {
    /** RFC 5780 §4.2 / test I: a plain Binding request to the primary address; also learns OTHER-ADDRESS. */
    CONNECTIVITY("UDP connectivity (test I)"),
    /** RFC 5780 §4.4 test II: CHANGE-REQUEST change-IP and change-port. */
    FILTERING_CHANGE_IP_AND_PORT("filtering test II (answer from other IP and port)"),
    /** RFC 5780 §4.4 test III: CHANGE-REQUEST change-port. */
    FILTERING_CHANGE_PORT("filtering test III (answer from other port)"),
    /** RFC 5780 §4.3 test II: Binding request to the alternate IP, primary port. */
    MAPPING_ALTERNATE_IP("mapping test II (alternate IP, primary port)"),
    /** RFC 5780 §4.3 test III: Binding request to the alternate IP and alternate port. */
    MAPPING_ALTERNATE_ADDRESS("mapping test III (alternate IP and port)"),
    /** Two local sockets send to each other's mapped address. */
    HAIRPINNING("hairpinning"),
    /** RFC 5780 §4.6: binary search of the binding lifetime with RESPONSE-PORT (optional). */
    BINDING_LIFETIME("binding lifetime");

    private final String description;

    DiscoveryStep(String description) {
        this.description = description;
    }

    /** A short phrase for progress output. */
    public String description() {
        return description;
    }
}
