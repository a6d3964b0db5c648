package dev.nat4j.turn.server;

import java.net.InetAddress;

/**
 * Caps the error replies (401, 438, 400, 420) sent to unauthenticated requests per source IP, so that the server is a
 * poor reflector (SECURITY-NOTES D1). A fixed table of buckets indexed by a hash of the IP: attackers cannot make it
 * grow; two addresses sharing a bucket share a budget, which only errs on the side of sending less.
 */
final class ErrorReplyLimiter {
    private static final int BUCKETS = 4096;
    private static final long WINDOW_NANOS = 1_000_000_000L;

    private final int perSecond;
    private final long[] windowStart = new long[BUCKETS];
    private final int[] count = new int[BUCKETS];
    private final boolean[] used = new boolean[BUCKETS];

    /** {@code perSecond} replies per source IP per second; 0 disables the limit. */
    ErrorReplyLimiter(int perSecond) {
        this.perSecond = perSecond;
    }

    /** True when one more reply to {@code ip} fits its budget at {@code now} (and counts it). */
    boolean tryAcquire(InetAddress ip, long now) {
        if (perSecond <= 0) {
            return true;
        }
        int h = ip.hashCode() * 0x9E3779B1;
        int b = (h ^ (h >>> 16)) & (BUCKETS - 1);
        if (!used[b] || now - windowStart[b] >= WINDOW_NANOS || now - windowStart[b] < 0) {
            used[b] = true;
            windowStart[b] = now;
            count[b] = 0;
        }
        if (count[b] >= perSecond) {
            return false;
        }
        count[b]++;
        return true;
    }
}
