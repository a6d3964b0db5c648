package dev.nat4j.turn.server;

/**
 * A token bucket of bytes for one direction of one allocation (SECURITY-NOTES D5): at most {@code rate} bytes per
 * second, with one second's worth of burst. Primitive fields only; checked on the relay path without allocating.
 */
final class ByteRate {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private long tokens;
    private long refilledAt;

    /** A full bucket at {@code now}. */
    ByteRate(long rate, long now) {
        this.tokens = rate;
        this.refilledAt = now;
    }

    /** True (and the bytes are spent) when {@code bytes} fit the budget at {@code now}. */
    boolean admit(long rate, int bytes, long now) {
        long elapsed = Math.min(now - refilledAt, NANOS_PER_SECOND);
        if (elapsed > 0) {
            tokens = Math.min(rate, tokens + elapsed * rate / NANOS_PER_SECOND);
            refilledAt = now;
        }
        if (tokens < bytes) {
            return false;
        }
        tokens -= bytes;
        return true;
    }
}
