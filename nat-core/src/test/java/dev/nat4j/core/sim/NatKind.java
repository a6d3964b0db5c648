package dev.nat4j.core.sim;

import java.util.List;

/**
 * The named NAT behaviours, spelled exactly like the real NAT lab's modes so that a pair that fails in the simulator
 * can be replayed on real kernels. Each kind says which routers stand between a LAN and the internet.
 *
 * <pre>{@code
 * SimSegment lan = net.addLan("alice", NatKind.SYMMETRIC);
 * SimHost alice = lan.addHost("alice");
 * }</pre>
 */
public enum NatKind {
    /** No NAT and no filter: plain routing, the internet has a route to the LAN. */
    OPEN(List.of(new NatProfile("OPEN", false, false, MappingBehavior.ENDPOINT_INDEPENDENT,
            FilteringBehavior.ENDPOINT_INDEPENDENT, true, false, NatProfile.DEFAULT_MAPPING_TIMEOUT, false))),
    /** EIM + EIF. */
    FULL_CONE(List.of(NatProfile.of(MappingBehavior.ENDPOINT_INDEPENDENT, FilteringBehavior.ENDPOINT_INDEPENDENT)
            .withName("FULL_CONE"))),
    /** EIM + ADF. */
    RESTRICTED_CONE(List.of(NatProfile.of(MappingBehavior.ENDPOINT_INDEPENDENT, FilteringBehavior.ADDRESS_DEPENDENT)
            .withName("RESTRICTED_CONE"))),
    /** EIM + APDF, port preserved when free: Linux {@code MASQUERADE}. */
    PORT_RESTRICTED_CONE(List.of(NatProfile.of(MappingBehavior.ENDPOINT_INDEPENDENT,
            FilteringBehavior.ADDRESS_AND_PORT_DEPENDENT).withName("PORT_RESTRICTED_CONE"))),
    /** APDM + APDF with random external ports: Linux {@code MASQUERADE --random-fully}. */
    SYMMETRIC(List.of(NatProfile.of(MappingBehavior.ADDRESS_AND_PORT_DEPENDENT,
            FilteringBehavior.ADDRESS_AND_PORT_DEPENDENT).withPortPreservation(false).withName("SYMMETRIC"))),
    /** A router that drops all UDP (the lab still lets DNS and TCP out; the simulator carries only UDP). */
    UDP_BLOCKED(List.of(NatProfile.of(MappingBehavior.ENDPOINT_INDEPENDENT,
            FilteringBehavior.ADDRESS_AND_PORT_DEPENDENT).withUdpBlocked(true).withName("UDP_BLOCKED"))),
    /**
     * A carrier-grade NAT (LAN in 100.64.0.0/10) in front of a home NAT, both port-restricted cones (MASQUERADE), the
     * way the lab builds it.
     */
    DOUBLE_NAT(List.of(
            PORT_RESTRICTED_CONE.routers.get(0).withName("DOUBLE_NAT/cgn"),
            PORT_RESTRICTED_CONE.routers.get(0).withName("DOUBLE_NAT/home")));

    private final List<NatProfile> routers;

    NatKind(List<NatProfile> routers) {
        this.routers = routers;
    }

    /** The routers from the internet side inwards: one for every kind except {@link #DOUBLE_NAT} (carrier, home). */
    public List<NatProfile> routers() {
        return routers;
    }

    /** The profile of the router nearest the hosts (the home NAT for {@link #DOUBLE_NAT}). */
    public NatProfile profile() {
        return routers.get(routers.size() - 1);
    }
}
