package dev.nat4j.core.sim;

import java.net.InetSocketAddress;

/**
 * How a NAT chooses the external address for an outbound flow (RFC 4787 §4.1): which part of the destination makes
 * it reuse an existing mapping or create a new one.
 *
 * <p>{@link #keyFor} is the whole outbound rule as a pure function: two flows share a mapping exactly when their keys
 * are equal.
 *
 * <pre>{@code
 * Object k1 = MappingBehavior.ADDRESS_DEPENDENT.keyFor(internal, serverPort1);
 * Object k2 = MappingBehavior.ADDRESS_DEPENDENT.keyFor(internal, serverPort2);   // same IP: k1.equals(k2)
 * }</pre>
 */
public enum MappingBehavior {
    /** EIM: one mapping per internal address:port, whatever the destination ("cone"). */
    ENDPOINT_INDEPENDENT,
    /** ADM: one mapping per internal address:port and destination IP. */
    ADDRESS_DEPENDENT,
    /** APDM: one mapping per internal address:port and destination IP:port ("symmetric"). */
    ADDRESS_AND_PORT_DEPENDENT;

    /** The identity of the mapping a datagram from {@code internal} to {@code remote} uses. */
    public Object keyFor(InetSocketAddress internal, InetSocketAddress remote) {
        return switch (this) {
            case ENDPOINT_INDEPENDENT -> new Key(internal, null, -1);
            case ADDRESS_DEPENDENT -> new Key(internal, remote.getAddress(), -1);
            case ADDRESS_AND_PORT_DEPENDENT -> new Key(internal, remote.getAddress(), remote.getPort());
        };
    }

    /** RFC 4787 abbreviation: EIM, ADM or APDM. */
    public String abbreviation() {
        return switch (this) {
            case ENDPOINT_INDEPENDENT -> "EIM";
            case ADDRESS_DEPENDENT -> "ADM";
            case ADDRESS_AND_PORT_DEPENDENT -> "APDM";
        };
    }

    private record Key(InetSocketAddress internal, java.net.InetAddress remoteIp, int remotePort) {
    }
}
