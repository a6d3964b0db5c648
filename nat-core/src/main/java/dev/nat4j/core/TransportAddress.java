package dev.nat4j.core;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * An IP address, a port and the transport that reaches it: the identity of one end of a flow.
 *
 * <pre>{@code
 * TransportAddress server = TransportAddress.udp(SocketAddresses.parse("192.0.2.1:3478"));
 * InetSocketAddress where = server.socketAddress();
 * }</pre>
 *
 * @param ip        the address (IPv4 or IPv6), never {@code null}
 * @param port      0..65535
 * @param transport how it is reached
 */
public record TransportAddress(InetAddress ip, int port, Transport transport) {

    public TransportAddress {
        Objects.requireNonNull(ip, "ip");
        Objects.requireNonNull(transport, "transport");
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /** A UDP transport address. */
    public static TransportAddress udp(InetSocketAddress address) {
        return of(address, Transport.UDP);
    }

    /** A transport address for {@code address} over {@code transport}. */
    public static TransportAddress of(InetSocketAddress address, Transport transport) {
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("unresolved address: " + address);
        }
        return new TransportAddress(address.getAddress(), address.getPort(), transport);
    }

    /** This address as a socket address (ip and port). */
    public InetSocketAddress socketAddress() {
        return new InetSocketAddress(ip, port);
    }

    /** True for an IPv6 address. */
    public boolean isIpv6() {
        return ip instanceof java.net.Inet6Address;
    }

    /** The same ip and port over another transport. */
    public TransportAddress withTransport(Transport other) {
        return new TransportAddress(ip, port, other);
    }

    /** {@code udp:192.0.2.1:3478} or {@code tcp:[2001:db8::1]:3478}. */
    @Override
    public String toString() {
        return transport.token() + ":" + SocketAddresses.format(ip, port);
    }
}
