package dev.nat4j.core.timer;

import java.util.Arrays;

/**
 * A fixed set of named timers, each an absolute deadline in nanoseconds: what a sans-IO engine keeps to answer
 * {@code pollTimeout()} and to know, in {@code handleTimeout(now)}, which of its timers fired.
 *
 * <p>Slots are small integers the engine gives meaning to (retransmit, keepalive, expiry...). Nothing allocates after
 * construction. Not thread-safe: an engine is driven by one thread at a time.
 *
 * <pre>{@code
 * static final int RETRANSMIT = 0, GIVE_UP = 1;
 * final TimerTable timers = new TimerTable(2);
 *
 * timers.set(RETRANSMIT, now + rto);
 * long pollTimeout() { return timers.earliest(); }
 * void handleTimeout(long now) {
 *     for (int slot; (slot = timers.pollDue(now)) >= 0; ) {
 *         if (slot == RETRANSMIT) resend(now); else fail();
 *     }
 * }
 * }</pre>
 */
public final class TimerTable {

    /** The deadline of an unset slot, the same value as {@code Engine.NO_TIMEOUT}. */
    public static final long UNSET = Long.MAX_VALUE;

    private final long[] deadlines;

    /** A table of {@code slots} timers, all unset. */
    public TimerTable(int slots) {
        if (slots <= 0) {
            throw new IllegalArgumentException("slots must be positive: " + slots);
        }
        deadlines = new long[slots];
        Arrays.fill(deadlines, UNSET);
    }

    /** How many slots the table has. */
    public int size() {
        return deadlines.length;
    }

    /** Arms {@code slot} to fire at {@code deadline} (absolute nanoseconds), replacing any earlier setting. */
    public void set(int slot, long deadline) {
        deadlines[slot] = deadline;
    }

    /** Disarms {@code slot}; a no-op when it is not set. */
    public void cancel(int slot) {
        deadlines[slot] = UNSET;
    }

    /** Disarms every slot. */
    public void cancelAll() {
        Arrays.fill(deadlines, UNSET);
    }

    /** The deadline of {@code slot}, or {@link #UNSET}. */
    public long deadline(int slot) {
        return deadlines[slot];
    }

    /** True when {@code slot} is armed. */
    public boolean isSet(int slot) {
        return deadlines[slot] != UNSET;
    }

    /** True when {@code slot} is armed and its deadline is not after {@code now}. */
    public boolean isDue(int slot, long now) {
        long d = deadlines[slot];
        return d != UNSET && d <= now;
    }

    /** The earliest armed deadline, or {@link #UNSET} when none is: the value for {@code pollTimeout()}. */
    public long earliest() {
        long min = UNSET;
        for (long d : deadlines) {
            if (d < min) {
                min = d;
            }
        }
        return min;
    }

    /** The slot holding the earliest armed deadline (lowest index on a tie), or -1 when none is armed. */
    public int earliestSlot() {
        int slot = -1;
        long min = UNSET;
        for (int i = 0; i < deadlines.length; i++) {
            if (deadlines[i] < min) {
                min = deadlines[i];
                slot = i;
            }
        }
        return slot;
    }

    /**
     * Disarms and returns the earliest slot whose deadline is at or before {@code now}, or -1 when none is due. Call it
     * in a loop to take every due timer in deadline order.
     */
    public int pollDue(long now) {
        int slot = earliestSlot();
        if (slot < 0 || deadlines[slot] > now) {
            return -1;
        }
        deadlines[slot] = UNSET;
        return slot;
    }
}
