package dev.nat4j.stun.discovery;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;

import dev.nat4j.stun.transaction.RetransmissionPolicy;

/**
 * Settings of one NAT behaviour discovery run. Start from {@link #of(InetSocketAddress)} and change what you need.
 *
 * <pre>{@code
 * DiscoveryConfig config = DiscoveryConfig.of(new InetSocketAddress("192.0.2.1", 3478))
 *         .withRetransmission(Duration.ofMillis(100), 3)          // each probe gives up after 0.7 s
 *         .withBindingLifetime(true, Duration.ofMinutes(2), 6);
 * }</pre>
 *
 * @param server               the STUN server's primary address (an RFC 5780 server for mapping and filtering)
 * @param initialRto           the first retransmission interval of every request (doubling after that, as RFC 8489
 *                             §6.2.1); at least 1 ms
 * @param maxRequests          how many times each request is sent, 1..10; a probe gives up 4 RTOs after the last send.
 *                             The filtering tests wait for answers that may never come, so this is much shorter than
 *                             the RFC 8489 default (7 sends, 39.5 s)
 * @param testHairpinning      run the hairpinning test (needs a second local socket)
 * @param testBindingLifetime  run the RFC 5780 §4.6 binding lifetime search (slow: up to {@code lifetimeSteps} times
 *                             the probe interval; needs a second local socket and a server with RESPONSE-PORT)
 * @param maxBindingLifetime   the upper bound of the lifetime search
 * @param lifetimeSteps        how many halvings the lifetime search makes, 1..16
 */
public record DiscoveryConfig(
        InetSocketAddress server,
        Duration initialRto,
        int maxRequests,
        boolean testHairpinning,
        boolean testBindingLifetime,
        Duration maxBindingLifetime,
        int lifetimeSteps) {

    /**
     * The default initial RTO, 200 ms: with {@link #DEFAULT_MAX_REQUESTS} sends and a wait of 4 RTOs after the last, a
     * probe gives up after 2.2 s, so a whole run takes a few seconds even when two filtering probes and the hairpin
     * probe get no answer.
     */
    public static final Duration DEFAULT_INITIAL_RTO = Duration.ofMillis(200);
    /** The default number of sends per request, 4. */
    public static final int DEFAULT_MAX_REQUESTS = 4;
    private static final int LAST_WAIT_MULTIPLIER = 4;

    public DiscoveryConfig {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(initialRto, "initialRto");
        if (initialRto.toMillis() < 1 || maxRequests < 1 || maxRequests > 10) {
            throw new IllegalArgumentException("need initialRto >= 1 ms and maxRequests in 1..10");
        }
        Objects.requireNonNull(maxBindingLifetime, "maxBindingLifetime");
        if (server.isUnresolved()) {
            throw new IllegalArgumentException("unresolved server address: " + server);
        }
        if (maxBindingLifetime.isNegative() || maxBindingLifetime.isZero()) {
            throw new IllegalArgumentException("maxBindingLifetime must be positive");
        }
        if (lifetimeSteps < 1 || lifetimeSteps > 16) {
            throw new IllegalArgumentException("lifetimeSteps must be in 1..16: " + lifetimeSteps);
        }
    }

    /** Discovery against {@code server}: the default retransmission, hairpinning on, binding lifetime off. */
    public static DiscoveryConfig of(InetSocketAddress server) {
        return new DiscoveryConfig(server, DEFAULT_INITIAL_RTO, DEFAULT_MAX_REQUESTS, true, false,
                Duration.ofSeconds(120), 6);
    }

    /** A copy with another retransmission schedule for every request. */
    public DiscoveryConfig withRetransmission(Duration rto, int requests) {
        return new DiscoveryConfig(server, rto, requests, testHairpinning, testBindingLifetime, maxBindingLifetime,
                lifetimeSteps);
    }

    /**
     * A copy whose every probe gives up after about {@code timeout}: {@link #DEFAULT_MAX_REQUESTS} sends with the
     * initial RTO chosen so that the last wait ends at {@code timeout} (the default 2.2 s is a 200 ms RTO).
     */
    public DiscoveryConfig withProbeTimeout(Duration timeout) {
        long units = (1L << (DEFAULT_MAX_REQUESTS - 1)) - 1 + LAST_WAIT_MULTIPLIER;
        Duration rto = timeout.dividedBy(units);
        return withRetransmission(rto.toMillis() < 1 ? Duration.ofMillis(1) : rto, DEFAULT_MAX_REQUESTS);
    }

    /** How long one probe waits for an answer before it counts as "no response". */
    public Duration probeTimeout() {
        return Duration.ofNanos(retransmissionPolicy().udpOffsetNanos(maxRequests));
    }

    RetransmissionPolicy retransmissionPolicy() {
        return new RetransmissionPolicy(initialRto, maxRequests, LAST_WAIT_MULTIPLIER, Duration.ofSeconds(39)
                .plusMillis(500));
    }

    /** A copy with the hairpinning test on or off. */
    public DiscoveryConfig withHairpinning(boolean enabled) {
        return new DiscoveryConfig(server, initialRto, maxRequests, enabled, testBindingLifetime, maxBindingLifetime,
                lifetimeSteps);
    }

    /** A copy with the binding lifetime search on or off, searching up to {@code max} in {@code steps} halvings. */
    public DiscoveryConfig withBindingLifetime(boolean enabled, Duration max, int steps) {
        return new DiscoveryConfig(server, initialRto, maxRequests, testHairpinning, enabled, max, steps);
    }
}
