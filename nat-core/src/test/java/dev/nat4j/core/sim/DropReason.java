package dev.nat4j.core.sim;

/** Why the simulated network discarded a datagram; counted per reason in {@link SimStats}. */
public enum DropReason {
    /** The link's random loss. */
    LINK_LOSS,
    /** The IP datagram (payload + UDP + IP header) is larger than the link MTU. */
    MTU_EXCEEDED,
    /** No host, router or upstream route for the destination (vanishes, as on the real internet). */
    NO_ROUTE,
    /** Nothing listens on the destination host's port. */
    PORT_UNREACHABLE,
    /** Inbound to a NAT's public address with no live mapping for that port (never made, or expired). */
    NO_MAPPING,
    /** A live mapping exists but its filtering rule rejects the sender. */
    FILTERED,
    /** A host behind the NAT sent to the NAT's own public address and the NAT does not hairpin. */
    HAIRPIN_DISABLED,
    /** The router drops all UDP. */
    UDP_BLOCKED,
    /** The NAT has no free external port left. */
    PORT_EXHAUSTED,
    /** An engine asked to send from an address its host has not bound (an engine bug), or over TCP/TLS. */
    BAD_SOURCE
}
