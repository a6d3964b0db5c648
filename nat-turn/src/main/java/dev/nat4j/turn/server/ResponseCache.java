package dev.nat4j.turn.server;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.nat4j.core.TransportAddress;
import dev.nat4j.stun.TransactionId;

/**
 * Answers to authenticated requests, kept 40 s so that a retransmitted request (same transaction id, same 5-tuple)
 * gets the same answer instead of being processed twice (RFC 8489 §6.3.1; a second Allocate would otherwise get 437).
 * Bounded: the oldest entries go first. Only authenticated requests are cached, so a spoofed flood adds nothing.
 */
final class ResponseCache {
    static final long TTL_NANOS = 40_000_000_000L;

    private record Key(TransportAddress local, InetSocketAddress remote, TransactionId id) {
    }

    private record Cached(byte[] bytes, long expiresAt) {
    }

    private final Map<Key, Cached> entries;

    ResponseCache(int capacity) {
        this.entries = new LinkedHashMap<>(64, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Cached> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The cached answer's bytes, or null. */
    byte[] get(TransportAddress local, InetSocketAddress remote, TransactionId id, long now) {
        if (entries.isEmpty()) {
            return null;
        }
        Key k = new Key(local, remote, id);
        Cached e = entries.get(k);
        if (e == null) {
            return null;
        }
        if (now - e.expiresAt >= 0) {
            entries.remove(k);
            return null;
        }
        return e.bytes;
    }

    void put(TransportAddress local, InetSocketAddress remote, TransactionId id, ByteBuffer answer, long now) {
        byte[] copy = new byte[answer.remaining()];
        answer.get(answer.position(), copy);
        entries.put(new Key(local, remote, id), new Cached(copy, now + TTL_NANOS));
    }

    /** Drops expired entries (the map is in insertion order, so they are at the front). */
    void sweep(long now) {
        var it = entries.values().iterator();
        while (it.hasNext()) {
            if (now - it.next().expiresAt >= 0) {
                it.remove();
            } else {
                return;
            }
        }
    }

    int size() {
        return entries.size();
    }
}
