package dev.nat4j.core.lab;

/**
 * What a lab router does to the traffic of its LAN, in RFC 4787 terms, and how the kernel is made to do it.
 *
 * <p>Every mode is checked by {@code NatLabModesIT} against coturn's {@code turnutils_natdiscovery}. The names match
 * the simulated network's NAT profiles, so a failing simulated case can be replayed on real kernels.
 *
 * <p>Common to every router, whatever the mode: new unsolicited UDP addressed to the router itself is dropped
 * ({@code INPUT -i wan -p udp --ctstate NEW -j DROP}). Without that, a peer's packet that reaches the WAN port before
 * the LAN host has sent anything there leaves a conntrack entry behind, and MASQUERADE then has to pick a different
 * external port: a port-preserving NAT would turn symmetric exactly while ICE punches holes. Conntrack is flushed
 * whenever the mode changes.
 *
 * <p>Mapping lifetime is the conntrack UDP timeout (30 s unreplied, 120 s once assured); change it with
 * {@link LabNode#sysctl(String, String)} ({@code net.netfilter.nf_conntrack_udp_timeout*}) on the router.
 */
public enum NatMode {
    /**
     * No NAT, no filter: plain routing. The internet namespace gets a route to the LAN subnet, so the host's private
     * address is reachable from everywhere in the lab and is its own server-reflexive address. natdiscovery: "No NAT"
     * and endpoint-independent filtering. Hairpinning does not apply.
     */
    OPEN(false),

    /**
     * Full cone: endpoint-independent mapping and endpoint-independent filtering (EIM + EIF). Linux has no native
     * full cone; this is MASQUERADE plus a static DNAT of all inbound UDP and TCP on the WAN address to the one LAN
     * host, port unchanged. It behaves as a full cone only because MASQUERADE preserves the source port when it is
     * free, and it forwards inbound flows even to ports the host never mapped (a 1:1 forward, looser than a real
     * full cone). Hairpinning: supported.
     */
    FULL_CONE(true),

    /**
     * Restricted cone: endpoint-independent mapping and address-dependent filtering (EIM + ADF). As {@link #FULL_CONE},
     * plus a FORWARD filter that admits a new inbound flow only from an IP address the LAN has sent to
     * ({@code -m recent}). That list is kept per router, not per mapping, so it is looser than RFC 4787 ADF: once the
     * host has sent to an address from any port, that address may reach every mapping. The list never expires; it is
     * cleared on mode change and by {@link LabLan#resetState()}. Hairpinning: supported.
     */
    RESTRICTED_CONE(true),

    /**
     * Port-restricted cone: endpoint-independent mapping and address-and-port-dependent filtering (EIM + APDF), the
     * behaviour of plain Linux {@code MASQUERADE}: conntrack keeps the source port when it is free and only lets in
     * replies to existing flows. Hairpinning: supported.
     */
    PORT_RESTRICTED_CONE(true),

    /**
     * Symmetric: address-and-port-dependent mapping and filtering (APDM + APDF), {@code MASQUERADE --random-fully}:
     * every new remote address:port gets a new random external port. Hairpinning: not supported (the hairpin rule
     * needs the port to be preserved).
     */
    SYMMETRIC(false),

    /**
     * UDP blocked: every UDP packet from the LAN is dropped except to port 53 (DNS); TCP goes out through MASQUERADE
     * (a port-restricted cone for TCP). natdiscovery gets no response at all. Hairpinning: not supported.
     */
    UDP_BLOCKED(false),

    /**
     * Double NAT: a carrier-grade NAT (its own namespace, addresses in 100.64.0.0/10) in front of the home router.
     * Both do plain MASQUERADE, so the result seen from outside is EIM + APDF, with the carrier's public address as
     * the server-reflexive address and the home router's WAN address in 100.64.0.0/10. Hairpinning: not supported
     * (the home router's filter drops a packet hairpinned by the carrier).
     */
    DOUBLE_NAT(false);

    private final boolean hairpinCapable;

    NatMode(boolean hairpinCapable) {
        this.hairpinCapable = hairpinCapable;
    }

    /** True when the lab can switch hairpinning on for this mode; for other modes a request for it is ignored. */
    public boolean supportsHairpinning() {
        return hairpinCapable;
    }

    /** True when the LAN host's packets leave with the router's address instead of its own. */
    public boolean translates() {
        return this != OPEN;
    }
}
