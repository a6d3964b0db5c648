package dev.nat4j.turn.client;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/** The client's view of one permission on the server (RFC 8656 §9): its state, timers, and data waiting for it. */
final class Permission {
    final InetAddress ip;
    boolean installed;
    boolean inFlight;
    /** Asked for explicitly: kept alive without traffic until removed. */
    boolean pinned;
    long installedAt;
    long refreshAt = Long.MAX_VALUE;
    long expiresAt = Long.MAX_VALUE;
    long lastUsedAt = Long.MIN_VALUE;
    final ArrayDeque<Queued> queue = new ArrayDeque<>();

    Permission(InetAddress ip) {
        this.ip = ip;
    }

    /** A datagram held until the permission is installed. */
    record Queued(InetSocketAddress peer, ByteBuffer data) {
    }
}
