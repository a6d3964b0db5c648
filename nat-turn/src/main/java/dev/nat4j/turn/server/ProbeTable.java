package dev.nat4j.turn.server;

/**
 * An open-addressing table of values under caller-computed {@code int} hashes, for lookups that must not allocate
 * (no key objects, no boxing). The caller walks the probe sequence and decides equality itself:
 *
 * <pre>{@code
 * for (int s = t.start(h); t.valueAt(s) != null; s = t.next(s)) {
 *     if (t.hashAt(s) == h && matches(t.valueAt(s))) return t.valueAt(s);
 * }
 * }</pre>
 *
 * Linear probing with backward-shift deletion, so no tombstones build up; the table doubles when half full.
 */
final class ProbeTable<T> {
    private int[] hashes;
    private Object[] values;
    private int mask;
    private int size;

    ProbeTable(int initialCapacity) {
        int cap = Integer.highestOneBit(Math.max(4, initialCapacity - 1)) << 1;
        hashes = new int[cap];
        values = new Object[cap];
        mask = cap - 1;
    }

    int size() {
        return size;
    }

    int start(int hash) {
        int h = hash * 0x9E3779B1;
        return (h ^ (h >>> 15)) & mask;
    }

    int next(int slot) {
        return (slot + 1) & mask;
    }

    @SuppressWarnings("unchecked")
    T valueAt(int slot) {
        return (T) values[slot];
    }

    int hashAt(int slot) {
        return hashes[slot];
    }

    /** Adds {@code value} under {@code hash} (duplicates are the caller's business). */
    void add(int hash, T value) {
        if ((size + 1) * 2 > values.length) {
            grow();
        }
        int s = start(hash);
        while (values[s] != null) {
            s = next(s);
        }
        hashes[s] = hash;
        values[s] = value;
        size++;
    }

    /** Removes {@code value} (by identity) stored under {@code hash}; false when absent. */
    boolean remove(int hash, T value) {
        int s = start(hash);
        while (values[s] != null) {
            if (values[s] == value) {
                deleteAt(s);
                return true;
            }
            s = next(s);
        }
        return false;
    }

    /** Every value, for sweeps; a snapshot, so the caller may remove while iterating. */
    Object[] snapshot() {
        Object[] out = new Object[size];
        int n = 0;
        for (Object v : values) {
            if (v != null) {
                out[n++] = v;
            }
        }
        return out;
    }

    private void deleteAt(int slot) {
        int hole = slot;
        int s = next(slot);
        while (values[s] != null) {
            int home = start(hashes[s]);
            // move the entry back into the hole unless its home lies cyclically in (hole, s]
            boolean stays = hole <= s ? (home > hole && home <= s) : (home > hole || home <= s);
            if (!stays) {
                values[hole] = values[s];
                hashes[hole] = hashes[s];
                hole = s;
            }
            s = next(s);
        }
        values[hole] = null;
        hashes[hole] = 0;
        size--;
    }

    private void grow() {
        int[] oldHashes = hashes;
        Object[] oldValues = values;
        hashes = new int[oldValues.length * 2];
        values = new Object[oldValues.length * 2];
        mask = values.length - 1;
        size = 0;
        for (int i = 0; i < oldValues.length; i++) {
            if (oldValues[i] != null) {
                @SuppressWarnings("unchecked")
                T v = (T) oldValues[i];
                add(oldHashes[i], v);
            }
        }
    }
}
