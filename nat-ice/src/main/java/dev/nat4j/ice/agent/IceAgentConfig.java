package dev.nat4j.ice.agent;

import dev.nat4j.ice.IceCredentials;
import dev.nat4j.ice.IceRole;
import dev.nat4j.stun.transaction.RetransmissionPolicy;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Settings of one {@link IceAgent}. Immutable; start from {@link #defaults()} and change with the {@code with*}
 * methods.
 *
 * <pre>{@code
 * IceAgentConfig config = IceAgentConfig.defaults().withRole(IceRole.CONTROLLING).withTa(Duration.ofMillis(20));
 * }</pre>
 *
 * @param role              the initial role (RFC 8445 §6.1.1); a role conflict may change it
 * @param ta                pacing: at most one new check every {@code ta} (§14.2, default 50 ms; at least 5 ms)
 * @param maxPairs          the cap on candidate pairs (§6.1.2.5, default 100)
 * @param maxRemoteCandidates the cap on remote candidates, signalled or peer-reflexive (default 100)
 * @param checkPolicy       retransmissions of one check: RTO at least 500 ms (§14.3); by default 6 sends (0, 0.5,
 *                          1.5, 3.5, 7.5, 15.5 s) and a timeout 4 s after the last, 19.5 s in all
 * @param nominationDelay   how long the controlling agent waits after the first valid pair for a better one before
 *                          it nominates the best valid pair (it nominates at once when no better pair is pending)
 * @param tieBreaker        the initial 64-bit tie-breaker (§7.1.3), or {@code null} for a random one
 * @param localCredentials  our ufrag and password, or {@code null} to draw them from {@code random}
 * @param random            source of credentials, tie-breakers and transaction ids: a {@link SecureRandom} unless a
 *                          test needs replayable runs
 * @param keepaliveInterval Tr (RFC 8445 §11): once ICE completed, a Binding indication goes over the selected pair
 *                          when nothing else was sent on it for this long, so NAT bindings stay open; at least 15 s
 */
public record IceAgentConfig(IceRole role, Duration ta, int maxPairs, int maxRemoteCandidates,
                             RetransmissionPolicy checkPolicy, Duration nominationDelay, Long tieBreaker,
                             IceCredentials localCredentials, RandomGenerator random, Duration keepaliveInterval) {

    /** RFC 8445 §14.2. */
    public static final Duration DEFAULT_TA = Duration.ofMillis(50);
    /** §14.2: all agents together no more often than this; a single agent's Ta may not go below it. */
    public static final Duration MIN_TA = Duration.ofMillis(5);
    /** §14.3. */
    public static final Duration MIN_RTO = Duration.ofMillis(500);
    /** RFC 8445 §11: Tr is 15 s by default and never less. */
    public static final Duration MIN_KEEPALIVE_INTERVAL = Duration.ofSeconds(15);
    /** RTO 500 ms, 6 sends, timeout 8 RTO after the last: 19.5 s. */
    public static final RetransmissionPolicy DEFAULT_CHECK_POLICY =
            new RetransmissionPolicy(MIN_RTO, 6, 8, Duration.ofMillis(19_500));

    public IceAgentConfig {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(ta, "ta");
        Objects.requireNonNull(checkPolicy, "checkPolicy");
        Objects.requireNonNull(nominationDelay, "nominationDelay");
        Objects.requireNonNull(random, "random");
        if (ta.compareTo(MIN_TA) < 0) {
            throw new IllegalArgumentException("Ta below 5 ms: " + ta);
        }
        if (checkPolicy.initialRto().compareTo(MIN_RTO) < 0) {
            throw new IllegalArgumentException("check RTO below 500 ms: " + checkPolicy.initialRto());
        }
        if (maxPairs < 1 || maxRemoteCandidates < 1) {
            throw new IllegalArgumentException("caps must be at least 1");
        }
        Objects.requireNonNull(keepaliveInterval, "keepaliveInterval");
        if (keepaliveInterval.compareTo(MIN_KEEPALIVE_INTERVAL) < 0) {
            throw new IllegalArgumentException("keepalive interval below 15 s: " + keepaliveInterval);
        }
        if (nominationDelay.isNegative()) {
            throw new IllegalArgumentException("negative nomination delay");
        }
    }

    /** Controlling, Ta 50 ms, 100 pairs, 100 remote candidates, {@link #DEFAULT_CHECK_POLICY}, nomination delay 1 s,
     * keepalives every 15 s. */
    public static IceAgentConfig defaults() {
        return new IceAgentConfig(IceRole.CONTROLLING, DEFAULT_TA, 100, 100, DEFAULT_CHECK_POLICY,
                Duration.ofSeconds(1), null, null, new SecureRandom(), MIN_KEEPALIVE_INTERVAL);
    }

    /** This config with the initial role. */
    public IceAgentConfig withRole(IceRole value) {
        return new IceAgentConfig(value, ta, maxPairs, maxRemoteCandidates, checkPolicy, nominationDelay, tieBreaker,
                localCredentials, random, keepaliveInterval);
    }

    /** This config with the pacing interval Ta. */
    public IceAgentConfig withTa(Duration value) {
        return new IceAgentConfig(role, value, maxPairs, maxRemoteCandidates, checkPolicy, nominationDelay, tieBreaker,
                localCredentials, random, keepaliveInterval);
    }

    /** This config with the cap on candidate pairs. */
    public IceAgentConfig withMaxPairs(int value) {
        return new IceAgentConfig(role, ta, value, maxRemoteCandidates, checkPolicy, nominationDelay, tieBreaker,
                localCredentials, random, keepaliveInterval);
    }

    /** This config with the cap on remote candidates. */
    public IceAgentConfig withMaxRemoteCandidates(int value) {
        return new IceAgentConfig(role, ta, maxPairs, value, checkPolicy, nominationDelay, tieBreaker,
                localCredentials, random, keepaliveInterval);
    }

    /** This config with the retransmission schedule of one check. */
    public IceAgentConfig withCheckPolicy(RetransmissionPolicy value) {
        return new IceAgentConfig(role, ta, maxPairs, maxRemoteCandidates, value, nominationDelay, tieBreaker,
                localCredentials, random, keepaliveInterval);
    }

    /** This config with how long the controlling agent waits for a better pair before nominating. */
    public IceAgentConfig withNominationDelay(Duration value) {
        return new IceAgentConfig(role, ta, maxPairs, maxRemoteCandidates, checkPolicy, value, tieBreaker,
                localCredentials, random, keepaliveInterval);
    }

    /** This config with a fixed initial tie-breaker (tests; production agents draw one). */
    public IceAgentConfig withTieBreaker(long value) {
        return new IceAgentConfig(role, ta, maxPairs, maxRemoteCandidates, checkPolicy, nominationDelay, value,
                localCredentials, random, keepaliveInterval);
    }

    /** This config with fixed local credentials (e.g. kept across a restart of the driver). */
    public IceAgentConfig withLocalCredentials(IceCredentials value) {
        return new IceAgentConfig(role, ta, maxPairs, maxRemoteCandidates, checkPolicy, nominationDelay, tieBreaker,
                value, random, keepaliveInterval);
    }

    /** This config with another keepalive interval Tr (at least 15 s). */
    public IceAgentConfig withKeepaliveInterval(Duration value) {
        return new IceAgentConfig(role, ta, maxPairs, maxRemoteCandidates, checkPolicy, nominationDelay, tieBreaker,
                localCredentials, random, value);
    }

    /** This config with the random source (a seeded one makes simulator runs replayable; never in production). */
    public IceAgentConfig withRandom(RandomGenerator value) {
        return new IceAgentConfig(role, ta, maxPairs, maxRemoteCandidates, checkPolicy, nominationDelay, tieBreaker,
                localCredentials, value, keepaliveInterval);
    }
}
