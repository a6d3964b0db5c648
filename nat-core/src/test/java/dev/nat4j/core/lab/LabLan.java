package dev.nat4j.core.lab;

import java.net.InetAddress;

/**
 * A private LAN of the lab: one host behind its own NAT router (and, in {@link NatMode#DOUBLE_NAT}, a carrier-grade
 * NAT in front of that).
 *
 * <pre>{@code
 * LabLan a = lab.lan("a");
 * a.setMode(NatMode.SYMMETRIC);            // rules replaced, conntrack flushed
 * a.setHairpinning(true);                  // only where the mode supports it
 * InetAddress seenOutside = a.externalAddress();
 * }</pre>
 *
 * <p>Addresses for the LAN with index {@code k} (0 for the first): host {@code 10.(k+1).0.10/24}, router LAN side
 * {@code 10.(k+1).0.1}, router WAN {@code 198.51.100.(8(k+1)+2)/29}; in double NAT the carrier takes that WAN address
 * and the home router's WAN becomes {@code 100.64.(k+1).2/24}.
 */
public final class LabLan {
    private final NatLab lab;
    private final String name;
    private final int index;
    private final LabNode router;
    private final LabNode host;
    private volatile LabNode carrier;
    private volatile NatMode mode;
    private volatile boolean hairpinRequested;

    LabLan(NatLab lab, String name, int index, LabNode router, LabNode host) {
        this.lab = lab;
        this.name = name;
        this.index = index;
        this.router = router;
        this.host = host;
    }

    /** The name given to the builder. */
    public String name() {
        return name;
    }

    /** Position in the builder's order, from 0; fixes the LAN's addresses. */
    public int index() {
        return index;
    }

    /** The one host of the LAN. */
    public LabNode host() {
        return host;
    }

    /** The home NAT router. */
    public LabNode router() {
        return router;
    }

    /** The carrier-grade NAT in front of the router, or null unless the mode is {@link NatMode#DOUBLE_NAT}. */
    public LabNode carrier() {
        return carrier;
    }

    /** The current NAT mode. */
    public NatMode mode() {
        return mode;
    }

    /** True when hairpinning is on (requested and supported by the current mode). */
    public boolean hairpinning() {
        return hairpinRequested && mode.supportsHairpinning();
    }

    /** The LAN in CIDR form, e.g. {@code 10.1.0.0/24}. */
    public String subnet() {
        return "10." + (index + 1) + ".0.0/24";
    }

    /**
     * The address the internet sees the host's traffic come from: the host's own in {@link NatMode#OPEN}, the
     * carrier's in {@link NatMode#DOUBLE_NAT}, the router's WAN address otherwise.
     */
    public InetAddress externalAddress() {
        LabNode outermost = carrier;
        if (mode == NatMode.OPEN) {
            return host.address();
        }
        return outermost != null ? outermost.address() : router.address();
    }

    /**
     * The link between this LAN's edge (router, or carrier in double NAT) and the internet core. Switching into or
     * out of {@link NatMode#DOUBLE_NAT} rebuilds this link: impairments on it are lost then.
     */
    public LabLink uplink() {
        LabNode outermost = carrier;
        return outermost != null ? outermost.uplink() : router.uplink();
    }

    /** The link between the host and its router. */
    public LabLink lanLink() {
        return host.uplink();
    }

    /** Switches the NAT mode (keeping the hairpinning request); the router's conntrack is flushed. */
    public void setMode(NatMode mode) {
        configure(mode, hairpinRequested);
    }

    /** Switches hairpinning on or off; it stays off in modes that cannot hairpin (see {@link NatMode}). */
    public void setHairpinning(boolean hairpinning) {
        configure(mode, hairpinning);
    }

    /** Sets mode and hairpinning together; the router's (and carrier's) conntrack is flushed. */
    public synchronized void configure(NatMode mode, boolean hairpinning) {
        lab.configure(this, mode, hairpinning);
        this.mode = mode;
        this.hairpinRequested = hairpinning;
    }

    /**
     * Forgets every mapping and filter state (conntrack entries, the restricted cone's list of contacted addresses)
     * without changing the rules: the next flow starts as on a freshly booted router.
     */
    public void resetState() {
        lab.resetState(this);
    }

    void carrier(LabNode carrier) {
        this.carrier = carrier;
    }

    void initialState(NatMode mode, boolean hairpinning) {
        this.mode = mode;
        this.hairpinRequested = hairpinning;
    }

    @Override
    public String toString() {
        return "lan " + name + " " + mode + (hairpinning() ? "+hairpin" : "") + " host " + host.address();
    }
}
