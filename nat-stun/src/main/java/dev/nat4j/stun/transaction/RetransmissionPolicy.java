package dev.nat4j.stun.transaction;

import java.time.Duration;

/**
 * When a request is resent and when its transaction gives up (RFC 8489 §6.2.1).
 *
 * <p>Over UDP the request is sent at 0, RTO, 3 RTO, 7 RTO, ... (the interval doubles) until {@code maxRequests}
 * (Rc) have been sent; the transaction then times out {@code lastWaitMultiplier} (Rm) times RTO after the last send.
 * With the defaults (500 ms, 7, 16) that is sends at 0, 0.5, 1.5, 3.5, 7.5, 15.5 and 31.5 s and a timeout at 39.5 s.
 * Over TCP and TLS the request is sent once and the transaction times out after {@code reliableTimeout} (Ti, 39.5 s).
 *
 * <pre>{@code
 * RetransmissionPolicy fast = new RetransmissionPolicy(Duration.ofMillis(100), 3, 4, Duration.ofSeconds(2));
 * }</pre>
 *
 * @param initialRto         RTO for the first retransmission; at least 1 ms (RFC 8489 recommends 500 ms)
 * @param maxRequests        Rc: how many times the request is sent over UDP, at least 1
 * @param lastWaitMultiplier Rm: how many RTOs to wait after the last send, at least 1
 * @param reliableTimeout    Ti: transaction timeout over TCP/TLS
 */
public record RetransmissionPolicy(Duration initialRto, int maxRequests, int lastWaitMultiplier,
        Duration reliableTimeout) {

    /** The RFC 8489 defaults: RTO 500 ms, Rc 7, Rm 16, Ti 39.5 s. */
    public static final RetransmissionPolicy DEFAULT =
            new RetransmissionPolicy(Duration.ofMillis(500), 7, 16, Duration.ofMillis(39_500));

    public RetransmissionPolicy {
        if (initialRto.toMillis() < 1 || maxRequests < 1 || lastWaitMultiplier < 1 || reliableTimeout.isNegative()
                || reliableTimeout.isZero()) {
            throw new IllegalArgumentException("invalid retransmission policy");
        }
    }

    /**
     * Nanoseconds from the start of a UDP transaction to send number {@code attempt} (0-based), or to the timeout
     * when {@code attempt == maxRequests}.
     */
    public long udpOffsetNanos(int attempt) {
        long rto = initialRto.toNanos();
        if (attempt < maxRequests) {
            return rto * ((1L << attempt) - 1);
        }
        return rto * ((1L << (maxRequests - 1)) - 1) + rto * lastWaitMultiplier;
    }
}
