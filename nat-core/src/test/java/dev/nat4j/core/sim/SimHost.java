package dev.nat4j.core.sim;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.nat4j.core.Engine;
import dev.nat4j.core.TransportAddress;

/**
 * A machine on a {@link SimSegment}, with one or more IP addresses and one access {@link Link}. Engines are attached
 * to ports on it; a datagram to a port nobody bound is dropped ({@link DropReason#PORT_UNREACHABLE}).
 *
 * <pre>{@code
 * SimHost server = net.internet().addHost("stun", "192.0.2.1", "192.0.2.2");
 * SimEndpoint<MyEvent> ep = server.attach(engine, 3478, 3479);   // four sockets; the first is 192.0.2.1:3478
 * server.send(server.socket(9999), target, "raw".getBytes());   // a raw datagram from an unbound port
 * }</pre>
 */
public final class SimHost {
    private final SimNetwork network;
    private final SimSegment segment;
    private final String name;
    private final List<InetAddress> addresses;
    private final Map<InetSocketAddress, SimEndpoint<?>> bound = new LinkedHashMap<>();
    private Link link;
    private int nextEphemeral = 49152;

    SimHost(SimNetwork network, SimSegment segment, String name, List<InetAddress> addresses, Link link) {
        this.network = network;
        this.segment = segment;
        this.name = name;
        this.addresses = List.copyOf(addresses);
        this.link = link;
    }

    /** The host's name. */
    public String name() {
        return name;
    }

    /** The segment it is attached to. */
    public SimSegment segment() {
        return segment;
    }

    /** Its first (default) address. */
    public InetAddress address() {
        return addresses.get(0);
    }

    /** All its addresses, the default first. */
    public List<InetAddress> addresses() {
        return addresses;
    }

    /** {@code address():port}. */
    public InetSocketAddress socket(int port) {
        return new InetSocketAddress(address(), port);
    }

    /** {@code addresses().get(index):port}. */
    public InetSocketAddress socket(int index, int port) {
        return new InetSocketAddress(addresses.get(index), port);
    }

    /** Its access link, crossed by everything it sends and receives. */
    public Link link() {
        return link;
    }

    /** Replaces its access link (takes effect for datagrams sent from now on). */
    public SimHost link(Link newLink) {
        this.link = Objects.requireNonNull(newLink, "link");
        return this;
    }

    /**
     * Runs {@code engine} on {@code ports} of every address of this host (port 0: a free ephemeral port). Sockets are
     * ordered address-major; the first is where a {@code Transmit} with a {@code null} source is sent from.
     */
    public <E> SimEndpoint<E> attach(Engine<E> engine, int... ports) {
        if (ports.length == 0) {
            throw new IllegalArgumentException("no ports");
        }
        int[] resolved = new int[ports.length];
        for (int i = 0; i < ports.length; i++) {
            resolved[i] = ports[i] == 0 ? freeEphemeralPort() : ports[i];
        }
        List<InetSocketAddress> sockets = new ArrayList<>();
        for (InetAddress address : addresses) {
            for (int port : resolved) {
                sockets.add(new InetSocketAddress(address, port));
            }
        }
        return attachAt(engine, sockets.toArray(InetSocketAddress[]::new));
    }

    /** Runs {@code engine} on exactly these sockets (each an address of this host); the first is its default. */
    public <E> SimEndpoint<E> attachAt(Engine<E> engine, InetSocketAddress... sockets) {
        Objects.requireNonNull(engine, "engine");
        if (sockets.length == 0) {
            throw new IllegalArgumentException("no sockets");
        }
        List<TransportAddress> locals = new ArrayList<>();
        for (InetSocketAddress socket : sockets) {
            if (!owns(socket.getAddress())) {
                throw new IllegalArgumentException(socket + " is not an address of " + name);
            }
            if (socket.getPort() <= 0 || bound.containsKey(socket) || locals.contains(TransportAddress.udp(socket))) {
                throw new IllegalArgumentException("port unusable or already bound on " + name + ": " + socket);
            }
            locals.add(TransportAddress.udp(socket));
        }
        SimEndpoint<E> endpoint = new SimEndpoint<>(network, this, engine, locals);
        for (TransportAddress local : locals) {
            bound.put(local.socketAddress(), endpoint);
        }
        network.register(endpoint);
        network.trace(() -> name + ": attach " + engine.getClass().getSimpleName() + " on " + locals);
        return endpoint;
    }

    /** The endpoints attached here, in attach order. */
    public List<SimEndpoint<?>> endpoints() {
        return Collections.unmodifiableList(new ArrayList<>(new java.util.LinkedHashSet<>(bound.values())));
    }

    /**
     * Sends a raw datagram from any port of one of this host's addresses, bound or not (like a raw socket): for
     * unsolicited or hand-made traffic. The payload is copied.
     */
    public void send(InetSocketAddress source, InetSocketAddress destination, byte[] payload) {
        if (!owns(source.getAddress())) {
            throw new IllegalArgumentException(source + " is not an address of " + name);
        }
        network.sendFrom(this, new SimDatagram(source, destination, payload.clone()));
    }

    /** Binds {@code socket} (port 0: a free ephemeral port on that address) to {@code endpoint}. */
    InetSocketAddress bindExtra(SimEndpoint<?> endpoint, InetSocketAddress socket) {
        if (!owns(socket.getAddress())) {
            throw new IllegalArgumentException(socket + " is not an address of " + name);
        }
        InetSocketAddress resolved = socket.getPort() == 0
                ? new InetSocketAddress(socket.getAddress(), freeEphemeralPort()) : socket;
        if (bound.containsKey(resolved)) {
            throw new IllegalArgumentException("already bound on " + name + ": " + resolved);
        }
        bound.put(resolved, endpoint);
        return resolved;
    }

    void release(InetSocketAddress socket) {
        bound.remove(socket);
    }

    boolean owns(InetAddress address) {
        return addresses.contains(address);
    }

    void unbind(SimEndpoint<?> endpoint) {
        bound.values().removeIf(e -> e == endpoint);
    }

    /** A datagram that has crossed this host's link. */
    void receive(SimDatagram datagram) {
        SimEndpoint<?> endpoint = bound.get(datagram.destination());
        if (endpoint == null) {
            network.drop(DropReason.PORT_UNREACHABLE, datagram, name);
            return;
        }
        network.delivered(name, datagram);
        endpoint.deliver(datagram);
    }

    private int freeEphemeralPort() {
        for (int i = 0; i < 16384; i++) {
            int port = nextEphemeral;
            nextEphemeral = nextEphemeral == 65535 ? 49152 : nextEphemeral + 1;
            boolean free = true;
            for (InetAddress address : addresses) {
                free &= !bound.containsKey(new InetSocketAddress(address, port));
            }
            if (free) {
                return port;
            }
        }
        throw new IllegalStateException("no free ephemeral port on " + name);
    }

    @Override
    public String toString() {
        return name + addresses;
    }
}
