package dev.nat4j.core.sim;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import dev.nat4j.core.SocketAddresses;

/**
 * One IP segment: the public internet, or a LAN behind a {@link SimRouter}. Routing on a segment is instant; delay
 * comes from the {@link Link}s of the hosts and routers attached to it.
 *
 * <p>A datagram on a segment goes to the host that owns the destination IP, else to the router whose public address
 * it is (NAT inbound), else to a non-translating router whose LAN holds it ({@link NatKind#OPEN}), else up through the
 * segment's own router (NAT outbound), else it vanishes ({@link DropReason#NO_ROUTE}).
 *
 * <pre>{@code
 * SimSegment lan = net.addLan("office", NatKind.FULL_CONE);
 * SimHost a = lan.addHost("a");                       // 192.168.k.2
 * SimHost b = lan.addHost("b", "192.168.77.9");        // explicit address
 * }</pre>
 */
public final class SimSegment {
    private final SimNetwork network;
    private final String name;
    private final SimRouter upstream;
    private final int[][] prefixes;
    private final List<SimHost> hosts = new ArrayList<>();
    private final List<SimRouter> routers = new ArrayList<>();
    private int prefixIndex;
    private int nextOctet = 1;

    SimSegment(SimNetwork network, String name, SimRouter upstream, int[][] prefixes) {
        this.network = network;
        this.name = name;
        this.upstream = upstream;
        this.prefixes = prefixes;
    }

    /** "internet", or the name of the router in front of this LAN followed by "-lan". */
    public String name() {
        return name;
    }

    /** The network this segment belongs to. */
    public SimNetwork network() {
        return network;
    }

    /** The router in front of this LAN, or {@code null} for the internet. */
    public SimRouter router() {
        return upstream;
    }

    /** Hosts attached here, in creation order. */
    public List<SimHost> hosts() {
        return Collections.unmodifiableList(hosts);
    }

    /** Routers whose public side is attached here, in creation order. */
    public List<SimRouter> routers() {
        return Collections.unmodifiableList(routers);
    }

    /**
     * Attaches a host with the given IP literals (the first is its default address), or with one automatically chosen
     * address when none are given. Its link is the network's current {@link SimNetwork#defaultLink()}.
     */
    public SimHost addHost(String hostName, String... ips) {
        List<InetAddress> addresses = new ArrayList<>();
        if (ips.length == 0) {
            addresses.add(nextFreeAddress());
        }
        for (String ip : ips) {
            InetAddress address = SocketAddresses.resolve(ip);
            if (ownerOf(address) != null) {
                throw new IllegalArgumentException(ip + " is already in use on " + name);
            }
            addresses.add(address);
        }
        SimHost host = new SimHost(network, this, hostName, addresses, network.defaultLink());
        network.register(host);
        hosts.add(host);
        network.trace(() -> name + ": host " + hostName + " " + addresses);
        return host;
    }

    /** Attaches a router with an automatic public address here and a new home LAN (192.168.k.0/24) behind it. */
    public SimRouter addRouter(String routerName, NatProfile profile) {
        int k = network.nextHomeLan();
        return attachRouter(routerName, profile, new int[][] {{192, 168, k}});
    }

    /** Attaches a carrier-grade NAT with an automatic public address here and a LAN in 100.64.k.0/24 behind it. */
    public SimRouter addCarrierRouter(String routerName, NatProfile profile) {
        int k = network.nextCarrierLan();
        return attachRouter(routerName, profile, new int[][] {{100, 64, k}});
    }

    private SimRouter attachRouter(String routerName, NatProfile profile, int[][] lanPrefixes) {
        InetAddress publicAddress = nextFreeAddress();
        SimRouter router = new SimRouter(network, this, routerName, profile, publicAddress, network.defaultLink(),
                lanPrefixes);
        network.register(router);
        routers.add(router);
        network.trace(() -> name + ": router " + router);
        return router;
    }

    /**
     * Puts a raw datagram on this segment as if it had just appeared on the wire (no sender, no sender link): for
     * spoofed or otherwise hand-made traffic. Its destination's link still applies.
     */
    public void inject(SimDatagram datagram) {
        network.inject(this, new SimDatagram(datagram.source(), datagram.destination(), datagram.payload().clone()));
    }

    /** Routes a datagram present on this segment; {@code fromUpstream} stops a datagram from going back up. */
    void route(SimDatagram datagram, boolean fromUpstream) {
        InetAddress destination = datagram.destination().getAddress();
        for (SimHost host : hosts) {
            if (host.owns(destination)) {
                network.cross(host.link(), datagram, host.name(), host::receive);
                return;
            }
        }
        for (SimRouter router : routers) {
            if (router.publicAddress().equals(destination)) {
                network.cross(router.link(), datagram, router.name(), router::inbound);
                return;
            }
        }
        for (SimRouter router : routers) {
            if (router.routesToLan(destination)) {
                network.cross(router.link(), datagram, router.name(), router::forwardDown);
                return;
            }
        }
        if (upstream != null && !fromUpstream) {
            upstream.outbound(datagram);
            return;
        }
        network.drop(DropReason.NO_ROUTE, datagram, name);
    }

    /** True when a datagram to {@code address} put on this segment would stay below it (never go up). */
    boolean reaches(InetAddress address) {
        if (ownerOf(address) != null) {
            return true;
        }
        for (SimRouter router : routers) {
            if (router.routesToLan(address)) {
                return true;
            }
        }
        return false;
    }

    private Object ownerOf(InetAddress address) {
        for (SimHost host : hosts) {
            if (host.owns(address)) {
                return host;
            }
        }
        for (SimRouter router : routers) {
            if (router.publicAddress().equals(address)) {
                return router;
            }
        }
        return null;
    }

    private InetAddress nextFreeAddress() {
        while (prefixIndex < prefixes.length) {
            int[] p = prefixes[prefixIndex];
            while (nextOctet <= 254) {
                InetAddress candidate = ipv4(p[0], p[1], p[2], nextOctet++);
                if (upstream != null && candidate.equals(upstream.lanGatewayAddress())) {
                    continue;
                }
                if (ownerOf(candidate) == null) {
                    return candidate;
                }
            }
            prefixIndex++;
            nextOctet = 1;
        }
        throw new IllegalStateException("no free address left on " + name);
    }

    static InetAddress ipv4(int a, int b, int c, int d) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
