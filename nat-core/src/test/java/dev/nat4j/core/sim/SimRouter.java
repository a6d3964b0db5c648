package dev.nat4j.core.sim;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.nat4j.core.SocketAddresses;

/**
 * A router between a LAN ({@link #lan()}) and the segment above it, with one public address there. When its
 * {@link NatProfile} translates, it is a NAT made of two rules:
 * <ul>
 *   <li>outbound: {@link MappingBehavior#keyFor} picks the mapping of a datagram (created on first use with the
 *       internal port when port preservation allows and that port is free, else a random free port), the mapping's
 *       timer is refreshed and the destination is recorded for filtering; a datagram to the router's own public
 *       address is hairpinned back inside when the profile allows;</li>
 *   <li>inbound: a datagram to the public address finds the live mapping of its port and passes when
 *       {@link FilteringBehavior#admits} accepts its sender.</li>
 * </ul>
 * Mappings expire lazily: a mapping is dead once {@code now >= expiresAt}, whether or not anything looked at it.
 * Unsolicited inbound datagrams never create state (real routers drop them at INPUT, see the NAT lab notes).
 *
 * <pre>{@code
 * SimRouter nat = net.internet().addRouter("home", NatKind.RESTRICTED_CONE.profile().withHairpinning(true));
 * SimHost pc = nat.lan().addHost("pc");
 * Optional<InetSocketAddress> ext = nat.mappedAddress(pc.socket(5000), server.socket(3478));
 * }</pre>
 */
public final class SimRouter {
    private final SimNetwork network;
    private final SimSegment wanSegment;
    private final String name;
    private final InetAddress publicAddress;
    private final InetAddress lanGateway;
    private final SimSegment lan;
    private final Map<Object, NatMapping> byKey = new LinkedHashMap<>();
    private final Map<Integer, NatMapping> byPort = new HashMap<>();
    private NatProfile profile;
    private Link link;

    SimRouter(SimNetwork network, SimSegment wanSegment, String name, NatProfile profile, InetAddress publicAddress,
              Link link, int[][] lanPrefixes) {
        this.network = network;
        this.wanSegment = wanSegment;
        this.name = name;
        this.profile = profile;
        this.publicAddress = publicAddress;
        this.link = link;
        int[] p = lanPrefixes[0];
        this.lanGateway = SimSegment.ipv4(p[0], p[1], p[2], 1);
        this.lan = new SimSegment(network, name + "-lan", this, lanPrefixes);
    }

    /** The router's name. */
    public String name() {
        return name;
    }

    /** Its current behaviour. */
    public NatProfile profile() {
        return profile;
    }

    /** Changes the behaviour and flushes every mapping (as the lab flushes conntrack after changing a mode). */
    public SimRouter reconfigure(NatProfile newProfile) {
        this.profile = Objects.requireNonNull(newProfile, "profile");
        byKey.clear();
        byPort.clear();
        network.trace(() -> name + ": reconfigured " + newProfile);
        return this;
    }

    /** The address on the upstream segment that the LAN's traffic is translated to. */
    public InetAddress publicAddress() {
        return publicAddress;
    }

    /** The LAN behind the router. */
    public SimSegment lan() {
        return lan;
    }

    /** The segment the router's public side is attached to (the internet, or a carrier LAN). */
    public SimSegment wanSegment() {
        return wanSegment;
    }

    /** The public side's link, crossed by datagrams in both directions. */
    public Link link() {
        return link;
    }

    /** Replaces the public side's link. */
    public SimRouter link(Link newLink) {
        this.link = Objects.requireNonNull(newLink, "link");
        return this;
    }

    /** The number of live (unexpired) mappings. */
    public int mappingCount() {
        long now = network.now();
        return (int) byKey.values().stream().filter(m -> !m.expired(now)).count();
    }

    /**
     * The external address a datagram from {@code internal} to {@code remote} would leave with right now, if a live
     * mapping for it exists (no mapping is created by asking).
     */
    public Optional<InetSocketAddress> mappedAddress(InetSocketAddress internal, InetSocketAddress remote) {
        NatMapping m = byKey.get(profile.mapping().keyFor(internal, remote));
        return m == null || m.expired(network.now()) ? Optional.empty() : Optional.of(m.external);
    }

    /** The absolute virtual time at which the mapping for {@code internal → remote} expires, if it is live. */
    public Optional<Long> mappingExpiresAt(InetSocketAddress internal, InetSocketAddress remote) {
        NatMapping m = byKey.get(profile.mapping().keyFor(internal, remote));
        return m == null || m.expired(network.now()) ? Optional.empty() : Optional.of(m.expiresAt);
    }

    InetAddress lanGatewayAddress() {
        return lanGateway;
    }

    /** For a plain router: whether the LAN below holds {@code address}. */
    boolean routesToLan(InetAddress address) {
        return !profile.translating() && lan.reaches(address);
    }

    /** A datagram from the LAN to somewhere outside it. */
    void outbound(SimDatagram datagram) {
        if (profile.blocksUdp()) {
            network.drop(DropReason.UDP_BLOCKED, datagram, name + " outbound");
            return;
        }
        if (!profile.translating()) {
            network.trace(() -> name + ": forward out " + datagram);
            network.cross(link, datagram, name, d -> wanSegment.route(d, false));
            return;
        }
        if (datagram.destination().getAddress().getClass() != publicAddress.getClass()) {
            network.drop(DropReason.NO_ROUTE, datagram, name + " (address family of its public side differs)");
            return;
        }
        long now = network.now();
        InetSocketAddress internal = datagram.source();
        InetSocketAddress remote = datagram.destination();
        Object key = profile.mapping().keyFor(internal, remote);
        NatMapping mapping = byKey.get(key);
        if (mapping != null && mapping.expired(now)) {
            remove(mapping, "expired");
            mapping = null;
        }
        if (mapping == null) {
            int port = allocatePort(internal.getPort());
            if (port < 0) {
                network.drop(DropReason.PORT_EXHAUSTED, datagram, name);
                return;
            }
            NatMapping created = new NatMapping(key, internal, new InetSocketAddress(publicAddress, port), now);
            byKey.put(key, created);
            byPort.put(port, created);
            network.stats().countMappingCreated();
            network.trace(() -> name + ": map " + SocketAddresses.format(internal) + " => "
                    + SocketAddresses.format(created.external) + " (first sent to " + SocketAddresses.format(remote)
                    + ")");
            mapping = created;
        }
        mapping.expiresAt = saturatedPlus(now, profile.mappingTimeout().toNanos());
        mapping.contacted.add(remote);
        SimDatagram translated = datagram.readdress(mapping.external, remote);
        if (remote.getAddress().equals(publicAddress)) {
            if (!profile.hairpinning()) {
                network.drop(DropReason.HAIRPIN_DISABLED, translated, name);
                return;
            }
            network.trace(() -> name + ": hairpin " + translated);
            inbound(translated);
            return;
        }
        network.trace(() -> name + ": out " + datagram + " as " + SocketAddresses.format(translated.source()));
        network.cross(link, translated, name, d -> wanSegment.route(d, false));
    }

    /** A datagram addressed to the router's public address (arrived from above, or hairpinned). */
    void inbound(SimDatagram datagram) {
        if (profile.blocksUdp()) {
            network.drop(DropReason.UDP_BLOCKED, datagram, name + " inbound");
            return;
        }
        if (!profile.translating()) {
            network.drop(DropReason.PORT_UNREACHABLE, datagram, name);
            return;
        }
        long now = network.now();
        NatMapping mapping = byPort.get(datagram.destination().getPort());
        if (mapping != null && mapping.expired(now)) {
            remove(mapping, "expired");
            mapping = null;
        }
        if (mapping == null) {
            network.drop(DropReason.NO_MAPPING, datagram, name);
            return;
        }
        if (!profile.filtering().admits(mapping.contacted, datagram.source())) {
            network.drop(DropReason.FILTERED, datagram, name);
            return;
        }
        if (profile.inboundRefresh()) {
            mapping.expiresAt = saturatedPlus(now, profile.mappingTimeout().toNanos());
        }
        SimDatagram translated = datagram.readdress(datagram.source(), mapping.internal);
        network.trace(() -> name + ": in " + datagram + " to " + SocketAddresses.format(translated.destination()));
        lan.route(translated, true);
    }

    /** A plain router passing a datagram from above to its LAN. */
    void forwardDown(SimDatagram datagram) {
        if (profile.blocksUdp()) {
            network.drop(DropReason.UDP_BLOCKED, datagram, name + " inbound");
            return;
        }
        network.trace(() -> name + ": forward in " + datagram);
        lan.route(datagram, true);
    }

    private int allocatePort(int preferred) {
        if (profile.portPreservation() && preferred > 0 && isFree(preferred)) {
            return preferred;
        }
        for (int attempt = 0; attempt < 1000; attempt++) {
            int candidate = network.random().nextInt(1024, 65536);
            if (isFree(candidate)) {
                return candidate;
            }
        }
        for (int candidate = 1024; candidate < 65536; candidate++) {
            if (isFree(candidate)) {
                return candidate;
            }
        }
        return -1;
    }

    private boolean isFree(int port) {
        NatMapping holder = byPort.get(port);
        if (holder == null) {
            return true;
        }
        if (holder.expired(network.now())) {
            remove(holder, "expired");
            return true;
        }
        return false;
    }

    private void remove(NatMapping mapping, String why) {
        byKey.remove(mapping.key);
        byPort.remove(mapping.external.getPort());
        network.trace(() -> name + ": unmap " + SocketAddresses.format(mapping.internal) + " => "
                + SocketAddresses.format(mapping.external) + " (" + why + ")");
    }

    /** Live mappings as {@code internal => external} text, in creation order: for messages. */
    public List<String> describeMappings() {
        List<String> out = new ArrayList<>();
        long now = network.now();
        for (NatMapping m : byKey.values()) {
            if (!m.expired(now)) {
                out.add(SocketAddresses.format(m.internal) + " => " + SocketAddresses.format(m.external)
                        + " contacted " + m.contacted);
            }
        }
        return out;
    }

    private static long saturatedPlus(long a, long b) {
        long sum = a + b;
        return sum < a ? Long.MAX_VALUE : sum;
    }

    @Override
    public String toString() {
        return name + " " + SocketAddresses.formatIp(publicAddress) + " " + profile;
    }
}
