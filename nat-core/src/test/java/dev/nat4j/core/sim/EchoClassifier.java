package dev.nat4j.core.sim;

import java.net.InetSocketAddress;
import java.util.Optional;

import dev.nat4j.core.TransportAddress;

/**
 * A miniature RFC 5780 behaviour discovery over the {@link EchoEngine} reflector, so simulator tests can check a NAT
 * the way {@code natcheck} will: mapping from three destinations, filtering from a fresh socket by asking for replies
 * from the other IP and from the other port.
 */
final class EchoClassifier {

    /** What discovery concluded; {@code mapping}/{@code filtering} are null when UDP is blocked or there is no NAT. */
    record Behaviour(boolean udpBlocked, boolean translated, MappingBehavior mapping, FilteringBehavior filtering) {

        /** The lab mode this behaviour is the signature of (DOUBLE_NAT cannot be told apart from its home NAT). */
        NatKind kind() {
            if (udpBlocked) {
                return NatKind.UDP_BLOCKED;
            }
            if (!translated) {
                return NatKind.OPEN;
            }
            if (mapping == MappingBehavior.ENDPOINT_INDEPENDENT) {
                return switch (filtering) {
                    case ENDPOINT_INDEPENDENT -> NatKind.FULL_CONE;
                    case ADDRESS_DEPENDENT -> NatKind.RESTRICTED_CONE;
                    case ADDRESS_AND_PORT_DEPENDENT -> NatKind.PORT_RESTRICTED_CONE;
                };
            }
            return mapping == MappingBehavior.ADDRESS_AND_PORT_DEPENDENT
                    && filtering == FilteringBehavior.ADDRESS_AND_PORT_DEPENDENT ? NatKind.SYMMETRIC : null;
        }
    }

    private EchoClassifier() {
    }

    /** Classifies the NAT(s) in front of {@code client}, which must be bound to two ports (mapping, filtering). */
    static Behaviour classify(EchoWorld world, SimEndpoint<EchoEngine.Received> client) {
        TransportAddress mappingSocket = client.sockets().get(0);
        TransportAddress filteringSocket = client.sockets().get(1);
        InetSocketAddress primary = world.server(0, EchoWorld.P1);
        Optional<InetSocketAddress> first = world.ask(client, mappingSocket, primary, null);
        if (first.isEmpty()) {
            return new Behaviour(true, false, null, null);
        }
        if (first.get().equals(mappingSocket.socketAddress())) {
            return new Behaviour(false, false, null, null);
        }
        MappingBehavior mapping;
        Optional<InetSocketAddress> otherIp = world.ask(client, mappingSocket, world.server(1, EchoWorld.P1), null);
        if (otherIp.equals(first)) {
            mapping = MappingBehavior.ENDPOINT_INDEPENDENT;
        } else {
            Optional<InetSocketAddress> otherBoth = world.ask(client, mappingSocket, world.server(1, EchoWorld.P2),
                    null);
            mapping = otherBoth.equals(otherIp) ? MappingBehavior.ADDRESS_DEPENDENT
                    : MappingBehavior.ADDRESS_AND_PORT_DEPENDENT;
        }
        FilteringBehavior filtering;
        if (world.ask(client, filteringSocket, primary, world.server(1, EchoWorld.P2)).isPresent()) {
            filtering = FilteringBehavior.ENDPOINT_INDEPENDENT;
        } else if (world.ask(client, filteringSocket, primary, world.server(0, EchoWorld.P2)).isPresent()) {
            filtering = FilteringBehavior.ADDRESS_DEPENDENT;
        } else {
            filtering = FilteringBehavior.ADDRESS_AND_PORT_DEPENDENT;
        }
        return new Behaviour(false, true, mapping, filtering);
    }

    /** Builds a LAN of {@code actual} with a two-port client, classifies it and returns the kind it looks like. */
    static NatKind classifyLan(long seed, NatProfile... actual) {
        EchoWorld world = new EchoWorld(seed);
        SimEndpoint<EchoEngine.Received> client = world.client(world.net.addLan("lan", actual), "client", 40000, 40001);
        return classify(world, client).kind();
    }
}
