package dev.nat4j.stun.server;

import java.net.InetSocketAddress;

import org.slf4j.Logger;

import dev.nat4j.core.SocketAddresses;

/**
 * Debug lines about bad input, at most one per second per kind, so that a flood of garbage cannot become a flood of
 * log lines (coturn turned its per-Binding logging off for exactly that reason). The clock is the caller's
 * {@code now}, so the engine stays free of wall time. Lines that were held back are counted in the next one.
 */
final class RateLimitedLog {
    private static final long INTERVAL_NANOS = 1_000_000_000L;

    private final Logger log;
    private final long[] lastAt;
    private final boolean[] logged;
    private final long[] suppressed;

    RateLimitedLog(Logger log, int kinds) {
        this.log = log;
        this.lastAt = new long[kinds];
        this.logged = new boolean[kinds];
        this.suppressed = new long[kinds];
    }

    /**
     * Logs {@code what} about a datagram from {@code remote} unless kind {@code kind} was logged less than a second
     * ago. {@code detail} may be {@code null}.
     */
    void debug(int kind, long now, String what, InetSocketAddress remote, String detail) {
        if (log.isDebugEnabled() && due(kind, now)) {
            log.debug("{} from {}{}{}", what, remote == null ? "?" : SocketAddresses.format(remote),
                    detail == null ? "" : ": " + detail, held(kind));
        }
    }

    /** As {@link #debug}, at WARN and with the exception: for defects of our own, which an operator must see. */
    void warn(int kind, long now, String what, InetSocketAddress remote, Throwable error) {
        if (log.isWarnEnabled() && due(kind, now)) {
            log.warn("{} from {}{}", what, remote == null ? "?" : SocketAddresses.format(remote), held(kind), error);
        }
    }

    private boolean due(int kind, long now) {
        if (logged[kind] && now - lastAt[kind] < INTERVAL_NANOS) {
            suppressed[kind]++;
            return false;
        }
        logged[kind] = true;
        lastAt[kind] = now;
        return true;
    }

    private String held(int kind) {
        long held = suppressed[kind];
        suppressed[kind] = 0;
        return held == 0 ? "" : " (" + held + " more like it since the last line not logged)";
    }
}
