package dev.nat4j.turn.server;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

import dev.nat4j.core.TransportAddress;
import dev.nat4j.core.Transmit;

/**
 * One TURN allocation (RFC 8656 §2.2): the client's 5-tuple, the relayed address, its owner, expiry, permissions and
 * channels. Lookups on the data path use primitive hashes and {@code equals} on stored addresses, never a key object.
 */
final class Allocation {
    final TransportAddress clientLocal;
    final InetSocketAddress client;
    final TransportAddress relay;
    final InetSocketAddress advertisedRelay;
    final String username;
    final byte[] key;
    final int passwordAlgorithm;
    final long createdAt;
    long expiresAt;
    /** Reused for every datagram to the client: the payload is always the engine's relay buffer. */
    final Transmit toClient;

    final ProbeTable<Permission> permissions = new ProbeTable<>(8);
    final ProbeTable<Channel> channelsByNumber = new ProbeTable<>(4);
    final ProbeTable<Channel> channelsByPeer = new ProbeTable<>(4);

    long packetsToPeer;
    long bytesToPeer;
    long packetsToClient;
    long bytesToClient;
    long overLimit;
    /** The per-allocation bandwidth limit, one bucket per direction. */
    final ByteRate toPeerRate;
    final ByteRate toClientRate;

    Allocation(TransportAddress clientLocal, InetSocketAddress client, TransportAddress relay,
               InetSocketAddress advertisedRelay, String username, byte[] key, int passwordAlgorithm, long now,
               long expiresAt, ByteBuffer relayBuffer, long bytesPerSecond) {
        this.clientLocal = clientLocal;
        this.client = client;
        this.relay = relay;
        this.advertisedRelay = advertisedRelay;
        this.username = username;
        this.key = key;
        this.passwordAlgorithm = passwordAlgorithm;
        this.createdAt = now;
        this.expiresAt = expiresAt;
        this.toClient = new Transmit(clientLocal, client, relayBuffer);
        this.toPeerRate = new ByteRate(bytesPerSecond, now);
        this.toClientRate = new ByteRate(bytesPerSecond, now);
    }

    static int tupleHash(TransportAddress local, InetAddress remoteIp, int remotePort) {
        return (remoteIp.hashCode() * 31 + remotePort) * 31 + local.port();
    }

    static int addressHash(InetAddress ip, int port) {
        return ip.hashCode() * 31 + port;
    }

    boolean isClient(TransportAddress local, InetAddress remoteIp, int remotePort) {
        return client.getPort() == remotePort && clientLocal.port() == local.port()
                && client.getAddress().equals(remoteIp) && clientLocal.equals(local);
    }

    boolean isIpv6() {
        return relay.isIpv6();
    }

    Permission permission(InetAddress ip) {
        int h = ip.hashCode();
        for (int s = permissions.start(h); permissions.valueAt(s) != null; s = permissions.next(s)) {
            Permission p = permissions.valueAt(s);
            if (permissions.hashAt(s) == h && p.ip.equals(ip)) {
                return p;
            }
        }
        return null;
    }

    Channel channel(int number) {
        for (int s = channelsByNumber.start(number); channelsByNumber.valueAt(s) != null;
                s = channelsByNumber.next(s)) {
            Channel c = channelsByNumber.valueAt(s);
            if (c.number == number) {
                return c;
            }
        }
        return null;
    }

    Channel channel(InetAddress ip, int port) {
        int h = addressHash(ip, port);
        for (int s = channelsByPeer.start(h); channelsByPeer.valueAt(s) != null; s = channelsByPeer.next(s)) {
            Channel c = channelsByPeer.valueAt(s);
            if (channelsByPeer.hashAt(s) == h && c.peer.getPort() == port && c.peer.getAddress().equals(ip)) {
                return c;
            }
        }
        return null;
    }

    void addPermission(Permission p) {
        permissions.add(p.ip.hashCode(), p);
    }

    void removePermission(Permission p) {
        permissions.remove(p.ip.hashCode(), p);
    }

    void addChannel(Channel c) {
        channelsByNumber.add(c.number, c);
        channelsByPeer.add(addressHash(c.peer.getAddress(), c.peer.getPort()), c);
    }

    void removeChannel(Channel c) {
        channelsByNumber.remove(c.number, c);
        channelsByPeer.remove(addressHash(c.peer.getAddress(), c.peer.getPort()), c);
    }

    /** Drops expired permissions and channels; returns how many entries went. */
    int sweep(long now) {
        int removed = 0;
        for (Object o : channelsByNumber.snapshot()) {
            Channel c = (Channel) o;
            if (now >= c.expiresAt) {
                removeChannel(c);
                removed++;
            }
        }
        for (Object o : permissions.snapshot()) {
            Permission p = (Permission) o;
            if (now >= p.expiresAt) {
                removePermission(p);
                removed++;
            }
        }
        return removed;
    }

    @Override
    public String toString() {
        return "Allocation[" + clientLocal + " <- " + client + ", relay " + relay + "]";
    }

    /** A permission for one peer IP (RFC 8656 §9: by IP, port ignored). */
    static final class Permission {
        final InetAddress ip;
        long expiresAt;

        Permission(InetAddress ip, long expiresAt) {
            this.ip = ip;
            this.expiresAt = expiresAt;
        }
    }

    /** A channel binding: number ⇄ peer transport address (RFC 8656 §12). */
    static final class Channel {
        final int number;
        final InetSocketAddress peer;
        long expiresAt;
        /** Reused for every datagram to the peer over this channel. */
        final Transmit toPeer;

        Channel(int number, InetSocketAddress peer, long expiresAt, TransportAddress relay, ByteBuffer relayBuffer) {
            this.number = number;
            this.peer = peer;
            this.expiresAt = expiresAt;
            this.toPeer = new Transmit(relay, peer, relayBuffer);
        }
    }
}
