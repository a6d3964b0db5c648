package dev.nat4j.core.timer;

import java.util.Arrays;
import java.util.function.LongConsumer;

/**
 * A hashed timer wheel for many timers that each carry a {@code long} id: O(1) schedule and cancel, expiry in
 * batches, no allocation in steady state. Built for sweeps such as a TURN relay's allocation, permission and channel
 * expiries, where a timer per object on an executor would cost a task, a lock and garbage each.
 *
 * <p>Time is cut into ticks of {@code tickNanos}; a timer lives in the bucket of its deadline's tick modulo the wheel
 * size and fires on the first {@link #expire} call whose {@code now} has reached its deadline. Timers more than one
 * revolution ahead wait in their bucket and are skipped until their turn. Entries live in parallel primitive arrays
 * linked into per-bucket lists; the arrays grow when full (the only allocation) and freed entries are reused.
 *
 * <p>{@link #schedule} returns a handle that names the entry and its generation, so a handle kept after its timer
 * fired or was cancelled can never cancel a newer timer that reuses the entry. Not thread-safe: one event loop owns
 * a wheel.
 *
 * <pre>{@code
 * TimerWheel wheel = new TimerWheel(512, TimeUnit.MILLISECONDS.toNanos(100), now, 1024);
 * long handle = wheel.schedule(allocationId, now + lifetime);
 * wheel.cancel(handle);                               // on refresh, then schedule again
 * wheel.expire(now, this::allocationExpired);         // from handleTimeout; keep the method reference in a field
 * }</pre>
 */
public final class TimerWheel {

    /** A handle no timer ever has; {@link #cancel(long)} ignores it. */
    public static final long NO_HANDLE = -1L;

    private static final int NIL = -1;

    private final int mask;
    private final long tickNanos;
    private final long origin;
    private final int[] heads;

    private long[] deadlines;
    private long[] ids;
    private int[] next;
    private int[] prev;
    private int[] bucketOf;   // NIL when the entry is free
    private int[] generations;

    private int freeHead;
    private int size;
    private long currentTick;

    /**
     * A wheel of {@code buckets} buckets (rounded up to a power of two) with {@code tickNanos} per tick, starting at
     * {@code startNanos}, with room for {@code initialCapacity} timers before it grows.
     */
    public TimerWheel(int buckets, long tickNanos, long startNanos, int initialCapacity) {
        if (buckets <= 0 || buckets > (1 << 24)) {
            throw new IllegalArgumentException("buckets out of range: " + buckets);
        }
        if (tickNanos <= 0) {
            throw new IllegalArgumentException("tickNanos must be positive: " + tickNanos);
        }
        if (initialCapacity <= 0) {
            throw new IllegalArgumentException("initialCapacity must be positive: " + initialCapacity);
        }
        int n = Integer.highestOneBit(buckets);
        if (n < buckets) {
            n <<= 1;
        }
        this.mask = n - 1;
        this.tickNanos = tickNanos;
        this.origin = startNanos;
        this.heads = new int[n];
        Arrays.fill(heads, NIL);
        this.currentTick = 0;
        allocate(initialCapacity);
    }

    /** The number of scheduled timers. */
    public int size() {
        return size;
    }

    /** How many timers fit before the arrays grow. */
    public int capacity() {
        return deadlines.length;
    }

    /** The duration of one tick in nanoseconds: timers fire at most this late after their deadline (plus polling). */
    public long tickNanos() {
        return tickNanos;
    }

    /**
     * Schedules {@code id} to expire at {@code deadline} (absolute nanoseconds). A deadline already past fires on the
     * next {@link #expire} call.
     *
     * @return a handle for {@link #cancel(long)}; never {@link #NO_HANDLE}
     */
    public long schedule(long id, long deadline) {
        if (freeHead == NIL) {
            grow();
        }
        int e = freeHead;
        freeHead = next[e];
        long tick = Math.max(tickOf(deadline), currentTick);
        int bucket = (int) (tick & mask);
        deadlines[e] = deadline;
        ids[e] = id;
        bucketOf[e] = bucket;
        prev[e] = NIL;
        next[e] = heads[bucket];
        if (heads[bucket] != NIL) {
            prev[heads[bucket]] = e;
        }
        heads[bucket] = e;
        size++;
        return handle(e);
    }

    /**
     * Cancels the timer behind {@code handle}.
     *
     * @return true when it was still scheduled; false when it had fired, was cancelled, or the handle is foreign
     */
    public boolean cancel(long handle) {
        if (handle < 0) {
            return false;
        }
        int e = (int) (handle & 0xFFFF_FFFFL);
        int generation = (int) (handle >>> 32);
        if (e < 0 || e >= deadlines.length || bucketOf[e] == NIL || generation(e) != generation) {
            return false;
        }
        release(e);
        return true;
    }

    /** True when the timer behind {@code handle} is still scheduled. */
    public boolean isScheduled(long handle) {
        if (handle < 0) {
            return false;
        }
        int e = (int) (handle & 0xFFFF_FFFFL);
        return e >= 0 && e < deadlines.length && bucketOf[e] != NIL && generation(e) == (int) (handle >>> 32);
    }

    /** The deadline of the timer behind {@code handle}, or {@link Long#MAX_VALUE} when it is not scheduled. */
    public long deadline(long handle) {
        return isScheduled(handle) ? deadlines[(int) (handle & 0xFFFF_FFFFL)] : Long.MAX_VALUE;
    }

    /**
     * Fires every timer whose deadline is at or before {@code now}, handing each id to {@code onExpired} (which may
     * schedule or cancel other timers). A {@code now} earlier than the last one is treated as the last one.
     *
     * @return how many timers fired
     */
    public int expire(long now, LongConsumer onExpired) {
        long target = tickOf(now);
        if (target < currentTick) {
            target = currentTick;
        }
        // Past one revolution every bucket has been visited once; later ticks would revisit the same buckets.
        long last = Math.min(target, currentTick + mask);
        int fired = 0;
        for (long tick = currentTick; tick <= last; tick++) {
            fired += sweep((int) (tick & mask), now, onExpired);
        }
        // Stay on the current tick: its bucket may still hold timers due later within the tick.
        currentTick = target;
        return fired;
    }

    /**
     * When {@link #expire} next has something to look at: the start of the next tick while timers are scheduled,
     * {@link Long#MAX_VALUE} when the wheel is empty. A cheap bound for an event loop's wake-up, not an exact deadline.
     */
    public long nextTickAt() {
        if (size == 0) {
            return Long.MAX_VALUE;
        }
        return origin + (currentTick + 1) * tickNanos;
    }

    private int sweep(int bucket, long now, LongConsumer onExpired) {
        int fired = 0;
        int e = heads[bucket];
        while (e != NIL) {
            int following = next[e];
            if (deadlines[e] <= now) {
                long id = ids[e];
                release(e);
                fired++;
                onExpired.accept(id);
                // The callback may have released `following` (cancel) and reused it elsewhere: restart the bucket.
                if (following != NIL && bucketOf[following] != bucket) {
                    following = heads[bucket];
                }
            }
            e = following;
        }
        return fired;
    }

    private void release(int e) {
        int bucket = bucketOf[e];
        if (prev[e] != NIL) {
            next[prev[e]] = next[e];
        } else {
            heads[bucket] = next[e];
        }
        if (next[e] != NIL) {
            prev[next[e]] = prev[e];
        }
        bucketOf[e] = NIL;
        generations[e]++;
        next[e] = freeHead;
        prev[e] = NIL;
        freeHead = e;
        size--;
    }

    private long handle(int e) {
        return ((long) generation(e) << 32) | e;
    }

    /** The entry's generation, kept to 31 bits so handles stay non-negative. */
    private int generation(int e) {
        return generations[e] & 0x7FFF_FFFF;
    }

    private long tickOf(long time) {
        long delta = time - origin;
        return delta <= 0 ? 0 : delta / tickNanos;
    }

    private void allocate(int capacity) {
        deadlines = new long[capacity];
        ids = new long[capacity];
        next = new int[capacity];
        prev = new int[capacity];
        bucketOf = new int[capacity];
        generations = new int[capacity];
        Arrays.fill(bucketOf, NIL);
        for (int i = 0; i < capacity; i++) {
            next[i] = i + 1 < capacity ? i + 1 : NIL;
        }
        freeHead = 0;
    }

    private void grow() {
        int old = deadlines.length;
        if (old >= Integer.MAX_VALUE / 2) {
            throw new IllegalStateException("timer wheel full");
        }
        int capacity = old * 2;
        deadlines = Arrays.copyOf(deadlines, capacity);
        ids = Arrays.copyOf(ids, capacity);
        next = Arrays.copyOf(next, capacity);
        prev = Arrays.copyOf(prev, capacity);
        bucketOf = Arrays.copyOf(bucketOf, capacity);
        generations = Arrays.copyOf(generations, capacity);
        Arrays.fill(bucketOf, old, capacity, NIL);
        for (int i = old; i < capacity; i++) {
            next[i] = i + 1 < capacity ? i + 1 : NIL;
        }
        freeHead = old;
    }
}
