package dev.nat4j.core.sim;

import java.net.InetSocketAddress;
import java.util.LinkedHashSet;
import java.util.Set;

/** One live NAT binding: internal endpoint to external endpoint, with the endpoints it has sent to (its filter). */
final class NatMapping {
    final Object key;
    final InetSocketAddress internal;
    final InetSocketAddress external;
    final long createdAt;
    final Set<InetSocketAddress> contacted = new LinkedHashSet<>();
    long expiresAt;

    NatMapping(Object key, InetSocketAddress internal, InetSocketAddress external, long createdAt) {
        this.key = key;
        this.internal = internal;
        this.external = external;
        this.createdAt = createdAt;
    }

    boolean expired(long now) {
        return now >= expiresAt;
    }
}
