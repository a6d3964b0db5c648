package dev.nat4j.core.sim;

import java.net.InetSocketAddress;
import java.util.Collection;

/**
 * Which inbound datagrams a NAT lets through an existing mapping (RFC 4787 §5).
 *
 * <p>{@link #admits} is the whole inbound rule as a pure function of the endpoints the mapping has sent to and the
 * sender of the inbound datagram.
 *
 * <pre>{@code
 * boolean ok = FilteringBehavior.ADDRESS_DEPENDENT.admits(List.of(server), otherPortOfServer);   // true
 * }</pre>
 */
public enum FilteringBehavior {
    /** EIF: anyone may send to the mapping ("full cone"). */
    ENDPOINT_INDEPENDENT,
    /** ADF: only IPs the mapping has sent to ("restricted cone"). */
    ADDRESS_DEPENDENT,
    /** APDF: only IP:port pairs the mapping has sent to ("port-restricted cone", Linux MASQUERADE). */
    ADDRESS_AND_PORT_DEPENDENT;

    /** True when a datagram from {@code remote} may pass a mapping that has sent to {@code contacted}. */
    public boolean admits(Collection<InetSocketAddress> contacted, InetSocketAddress remote) {
        return switch (this) {
            case ENDPOINT_INDEPENDENT -> true;
            case ADDRESS_DEPENDENT -> contacted.stream().anyMatch(c -> c.getAddress().equals(remote.getAddress()));
            case ADDRESS_AND_PORT_DEPENDENT -> contacted.contains(remote);
        };
    }

    /** RFC 4787 abbreviation: EIF, ADF or APDF. */
    public String abbreviation() {
        return switch (this) {
            case ENDPOINT_INDEPENDENT -> "EIF";
            case ADDRESS_DEPENDENT -> "ADF";
            case ADDRESS_AND_PORT_DEPENDENT -> "APDF";
        };
    }
}
