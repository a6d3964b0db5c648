package dev.nat4j.turn.client;

import java.net.InetSocketAddress;

/** The client's view of one channel binding (RFC 8656 §12): number, peer, state and timers. */
final class Channel {
    final int number;
    final InetSocketAddress peer;
    final Permission permission;
    boolean bound;
    boolean inFlight;
    long boundAt;
    long refreshAt = Long.MAX_VALUE;
    long expiresAt = Long.MAX_VALUE;
    long lastUsedAt = Long.MIN_VALUE;

    Channel(int number, InetSocketAddress peer, Permission permission) {
        this.number = number;
        this.peer = peer;
        this.permission = permission;
    }
}
