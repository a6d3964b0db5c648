package dev.nat4j.stun.server;

import java.util.EnumMap;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The engine's counters: written by the one thread that drives the engine, read by any thread for
 * {@link StunServerStats}. Slots in an {@link AtomicLongArray} so that readers see current values without a lock.
 */
final class Counters {
    static final int RECEIVED = 0;
    static final int SUCCESS = 1;
    static final int CHANGED_SOURCE = 2;
    static final int BAD_REQUEST = 3;
    static final int UNKNOWN_ATTRIBUTE = 4;
    private static final int FIRST_DROP = 5;

    private final AtomicLongArray slots = new AtomicLongArray(FIRST_DROP + DropReason.values().length);

    void increment(int slot) {
        // Single writer: a plain read plus an ordered write is enough, and cheaper than an atomic add.
        slots.lazySet(slot, slots.get(slot) + 1);
    }

    void drop(DropReason reason) {
        increment(FIRST_DROP + reason.ordinal());
    }

    StunServerStats snapshot() {
        EnumMap<DropReason, Long> drops = new EnumMap<>(DropReason.class);
        for (DropReason r : DropReason.values()) {
            drops.put(r, slots.get(FIRST_DROP + r.ordinal()));
        }
        return new StunServerStats(slots.get(RECEIVED), slots.get(SUCCESS), slots.get(CHANGED_SOURCE),
                slots.get(BAD_REQUEST), slots.get(UNKNOWN_ATTRIBUTE), drops);
    }
}
