package dev.nat4j.stun.server;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;

import dev.nat4j.core.SocketAddresses;

/**
 * The two IP addresses and two ports of an RFC 5780 (NAT behaviour discovery) server, and the four transport
 * addresses they make: A1:P1 (primary), A1:P2, A2:P1 and A2:P2 (alternate).
 *
 * <p>RFC 5780 §6 names them A1, A2, P1, P2. A response is sent from the address the request reached unless
 * CHANGE-REQUEST asks for the other IP and/or the other port, and OTHER-ADDRESS always names the diagonal one.
 * Addresses are indexed 0..3 so that bit 0 selects the alternate IP and bit 1 the alternate port: the source for a
 * change is {@code index ^ flags}, OTHER-ADDRESS is {@code index ^ 3}.
 *
 * <pre>{@code
 * var pair = new Rfc5780Addresses(SocketAddresses.parse("192.0.2.1:3478"), SocketAddresses.parse("192.0.2.2:3479"));
 * List<InetSocketAddress> bindThese = pair.all();   // 192.0.2.1:3478, 192.0.2.2:3478, 192.0.2.1:3479, 192.0.2.2:3479
 * }</pre>
 *
 * @param primary   A1:P1, where clients first send
 * @param alternate A2:P2: another IP of the same family and another port
 */
public record Rfc5780Addresses(InetSocketAddress primary, InetSocketAddress alternate) {
    /** Index bit: the alternate IP (A2). */
    static final int OTHER_IP = 1;
    /** Index bit: the alternate port (P2). */
    static final int OTHER_PORT = 2;

    public Rfc5780Addresses {
        Objects.requireNonNull(primary, "primary");
        Objects.requireNonNull(alternate, "alternate");
        check(primary, "primary");
        check(alternate, "alternate");
        InetAddress a1 = primary.getAddress();
        InetAddress a2 = alternate.getAddress();
        if ((a1 instanceof Inet4Address) != (a2 instanceof Inet4Address)) {
            throw new IllegalArgumentException("primary and alternate must be of the same address family: "
                    + SocketAddresses.format(primary) + ", " + SocketAddresses.format(alternate));
        }
        if (a1.equals(a2)) {
            throw new IllegalArgumentException("the alternate needs a second IP address (RFC 5780 §6): "
                    + SocketAddresses.formatIp(a1));
        }
        if (primary.getPort() == alternate.getPort()) {
            throw new IllegalArgumentException("the alternate needs a second port (RFC 5780 §6): " + primary.getPort());
        }
    }

    private static void check(InetSocketAddress address, String what) {
        if (address.isUnresolved()) {
            throw new IllegalArgumentException(what + " address is unresolved: " + address);
        }
        if (address.getAddress().isAnyLocalAddress()) {
            throw new IllegalArgumentException(what + " address must be a specific IP, not a wildcard: "
                    + SocketAddresses.format(address));
        }
        if (address.getPort() == 0) {
            throw new IllegalArgumentException(what + " port must be known (bind first when asking for port 0)");
        }
    }

    /** Address {@code index} (0..3): bit 0 picks A2 over A1, bit 1 picks P2 over P1. */
    public InetSocketAddress address(int index) {
        InetAddress ip = ((index & OTHER_IP) != 0 ? alternate : primary).getAddress();
        int port = ((index & OTHER_PORT) != 0 ? alternate : primary).getPort();
        return new InetSocketAddress(ip, port);
    }

    /** The four transport addresses in index order: A1:P1, A2:P1, A1:P2, A2:P2. */
    public List<InetSocketAddress> all() {
        return List.of(address(0), address(1), address(2), address(3));
    }

    /** The index (0..3) of {@code ip}:{@code port}, or -1 when it is none of the four. */
    public int indexOf(InetAddress ip, int port) {
        int index;
        if (ip.equals(primary.getAddress())) {
            index = 0;
        } else if (ip.equals(alternate.getAddress())) {
            index = OTHER_IP;
        } else {
            return -1;
        }
        if (port == primary.getPort()) {
            return index;
        }
        if (port == alternate.getPort()) {
            return index | OTHER_PORT;
        }
        return -1;
    }

    @Override
    public String toString() {
        return SocketAddresses.format(primary) + " + " + SocketAddresses.format(alternate);
    }
}
