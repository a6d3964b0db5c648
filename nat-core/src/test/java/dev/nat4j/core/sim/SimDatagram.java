package dev.nat4j.core.sim;

import java.net.InetSocketAddress;
import java.util.Objects;

import dev.nat4j.core.SocketAddresses;

/**
 * One UDP datagram inside the simulated network, as the IP layer sees it at one point of its path.
 *
 * <p>The payload array is a private copy made when the datagram entered the network and is never written afterwards,
 * so duplicates and translated copies may share it; each delivery hands the engine a fresh buffer.
 *
 * @param source      the source address as seen at this point (rewritten by NATs)
 * @param destination the destination address as seen at this point (rewritten by NATs)
 * @param payload     the UDP payload; treat as read-only
 */
public record SimDatagram(InetSocketAddress source, InetSocketAddress destination, byte[] payload) {

    /** Rejects null parts; the payload array is taken as is (callers pass a private copy). */
    public SimDatagram {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(payload, "payload");
    }

    /** The same payload between other addresses. */
    SimDatagram readdress(InetSocketAddress newSource, InetSocketAddress newDestination) {
        return new SimDatagram(newSource, newDestination, payload);
    }

    /** Size of the IP packet carrying this datagram: payload + 8 (UDP) + 20 (IPv4) or 40 (IPv6). */
    public int ipSize() {
        return payload.length + 8 + (destination.getAddress() instanceof java.net.Inet6Address ? 40 : 20);
    }

    @Override
    public String toString() {
        return text(source) + " -> " + text(destination) + " (" + payload.length + " B)";
    }

    private static String text(InetSocketAddress address) {
        return address.isUnresolved() ? address.toString() : SocketAddresses.format(address);
    }
}
