package dev.nat4j.turn.client;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

import dev.nat4j.stun.transaction.RetransmissionPolicy;

/**
 * Settings of one TURN allocation ({@link TurnClientEngine}). Start from {@link #of(Supplier)} and change what you
 * need.
 *
 * <pre>{@code
 * TurnClientConfig config = TurnClientConfig.of(() -> new TurnCredentials("alice", "secret"))
 *         .withAdditionalIpv6(true)                   // dual allocation, RFC 8656 §7.1
 *         .withLifetime(Duration.ofMinutes(20));
 * }</pre>
 *
 * @param credentials          called on every 401 (so time-limited credentials can be fetched fresh); {@code null}
 *                             for a server that needs none (a 401 then fails with
 *                             {@link TurnError.Reason#AUTHENTICATION})
 * @param policy               retransmission schedule of every request
 * @param requestedFamily      REQUESTED-ADDRESS-FAMILY to send: 0 for none (the server's default, IPv4), 1 IPv4, 2 IPv6
 * @param additionalIpv6       send ADDITIONAL-ADDRESS-FAMILY IPv6 for a second, IPv6 relayed address
 * @param lifetime             LIFETIME to ask for in Allocate and Refresh, or {@code null} for the server's default
 * @param refreshMargin        Refresh this long before the allocation expires (at least half the lifetime is used)
 * @param permissionRefresh    re-send CreatePermission this long after the last success (permissions last 5 minutes)
 * @param channelRefresh       re-send ChannelBind this long after the last success (channels last 10 minutes)
 * @param maxAuthAttempts      how many 401s to an authenticated request are retried with fresh credentials
 * @param maxStaleNonceRetries how many 438s in a row are retried with the new nonce
 * @param maxRedirects         how many 300 (Try Alternate) hops an Allocate follows
 * @param maxQueuedPerPeer     datagrams held for a peer while its permission is being installed; more are dropped
 * @param autoBindChannels     bind a channel to a peer on the first send to it, so later data uses ChannelData
 * @param keepaliveInterval    over UDP, send a Binding indication to the server after this long without sending
 *                             anything, so that NAT mappings on the way (often 30-120 s) outlive idle periods
 */
public record TurnClientConfig(
        Supplier<TurnCredentials> credentials,
        RetransmissionPolicy policy,
        int requestedFamily,
        boolean additionalIpv6,
        Duration lifetime,
        Duration refreshMargin,
        Duration permissionRefresh,
        Duration channelRefresh,
        int maxAuthAttempts,
        int maxStaleNonceRetries,
        int maxRedirects,
        int maxQueuedPerPeer,
        boolean autoBindChannels,
        Duration keepaliveInterval) {

    /** Checks ranges. */
    public TurnClientConfig {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(refreshMargin, "refreshMargin");
        Objects.requireNonNull(permissionRefresh, "permissionRefresh");
        Objects.requireNonNull(channelRefresh, "channelRefresh");
        Objects.requireNonNull(keepaliveInterval, "keepaliveInterval");
        if (keepaliveInterval.toMillis() < 100) {
            throw new IllegalArgumentException("keepaliveInterval below 100 ms: " + keepaliveInterval);
        }
        if (requestedFamily < 0 || requestedFamily > 2) {
            throw new IllegalArgumentException("requestedFamily must be 0, 1 (IPv4) or 2 (IPv6)");
        }
        if (additionalIpv6 && requestedFamily != 0) {
            throw new IllegalArgumentException(
                    "ADDITIONAL-ADDRESS-FAMILY excludes REQUESTED-ADDRESS-FAMILY (RFC 8656)");
        }
        if (lifetime != null && (lifetime.isNegative() || lifetime.toSeconds() > 0xFFFF_FFFFL)) {
            throw new IllegalArgumentException("lifetime out of range: " + lifetime);
        }
        if (maxAuthAttempts < 1 || maxAuthAttempts > 10 || maxStaleNonceRetries < 1 || maxStaleNonceRetries > 10
                || maxRedirects < 0 || maxRedirects > 10 || maxQueuedPerPeer < 0 || maxQueuedPerPeer > 1024) {
            throw new IllegalArgumentException("retry or queue bound out of range");
        }
        if (permissionRefresh.isNegative() || permissionRefresh.isZero()
                || permissionRefresh.compareTo(Duration.ofMinutes(5)) >= 0
                || channelRefresh.isNegative() || channelRefresh.isZero()
                || channelRefresh.compareTo(Duration.ofMinutes(10)) >= 0) {
            throw new IllegalArgumentException("refresh intervals must be shorter than the lifetimes they renew");
        }
    }

    /**
     * Defaults with {@code credentials}: RFC 8489 timers, no family preference, the server's default lifetime,
     * Refresh 60 s before expiry, permissions renewed every 4 minutes and channels every 9 while in use, 2
     * authentication attempts, 3 stale-nonce retries, 3 redirects, 16 datagrams queued per peer, channels bound
     * automatically, a keepalive after 15 s of silence.
     */
    public static TurnClientConfig of(Supplier<TurnCredentials> credentials) {
        return new TurnClientConfig(credentials, RetransmissionPolicy.DEFAULT, 0, false, null, Duration.ofSeconds(60),
                Duration.ofMinutes(4), Duration.ofMinutes(9), 2, 3, 3, 16, true, Duration.ofSeconds(15));
    }

    /** Defaults with static credentials. */
    public static TurnClientConfig of(String username, String password) {
        TurnCredentials c = new TurnCredentials(username, password);
        return of(() -> c);
    }

    /** A copy with another retransmission schedule. */
    public TurnClientConfig withPolicy(RetransmissionPolicy p) {
        return new TurnClientConfig(credentials, p, requestedFamily, additionalIpv6, lifetime, refreshMargin,
                permissionRefresh, channelRefresh, maxAuthAttempts, maxStaleNonceRetries, maxRedirects,
                maxQueuedPerPeer, autoBindChannels, keepaliveInterval);
    }

    /** A copy asking for a relayed address of {@code family} (1 IPv4, 2 IPv6; 0 none). */
    public TurnClientConfig withRequestedFamily(int family) {
        return new TurnClientConfig(credentials, policy, family, additionalIpv6, lifetime, refreshMargin,
                permissionRefresh, channelRefresh, maxAuthAttempts, maxStaleNonceRetries, maxRedirects,
                maxQueuedPerPeer, autoBindChannels, keepaliveInterval);
    }

    /** A copy asking (or not) for an additional IPv6 relayed address. */
    public TurnClientConfig withAdditionalIpv6(boolean dual) {
        return new TurnClientConfig(credentials, policy, requestedFamily, dual, lifetime, refreshMargin,
                permissionRefresh, channelRefresh, maxAuthAttempts, maxStaleNonceRetries, maxRedirects,
                maxQueuedPerPeer, autoBindChannels, keepaliveInterval);
    }

    /** A copy asking for {@code l} as the allocation's lifetime ({@code null}: the server's default). */
    public TurnClientConfig withLifetime(Duration l) {
        return new TurnClientConfig(credentials, policy, requestedFamily, additionalIpv6, l, refreshMargin,
                permissionRefresh, channelRefresh, maxAuthAttempts, maxStaleNonceRetries, maxRedirects,
                maxQueuedPerPeer, autoBindChannels, keepaliveInterval);
    }

    /** A copy with other retry bounds. */
    public TurnClientConfig withRetryBounds(int authAttempts, int staleNonceRetries, int redirects) {
        return new TurnClientConfig(credentials, policy, requestedFamily, additionalIpv6, lifetime, refreshMargin,
                permissionRefresh, channelRefresh, authAttempts, staleNonceRetries, redirects, maxQueuedPerPeer,
                autoBindChannels, keepaliveInterval);
    }

    /** A copy binding (or not) channels automatically on the first send to a peer. */
    public TurnClientConfig withAutoBindChannels(boolean auto) {
        return new TurnClientConfig(credentials, policy, requestedFamily, additionalIpv6, lifetime, refreshMargin,
                permissionRefresh, channelRefresh, maxAuthAttempts, maxStaleNonceRetries, maxRedirects,
                maxQueuedPerPeer, auto, keepaliveInterval);
    }

    /** A copy with another keepalive interval. */
    public TurnClientConfig withKeepaliveInterval(Duration interval) {
        return new TurnClientConfig(credentials, policy, requestedFamily, additionalIpv6, lifetime, refreshMargin,
                permissionRefresh, channelRefresh, maxAuthAttempts, maxStaleNonceRetries, maxRedirects,
                maxQueuedPerPeer, autoBindChannels, interval);
    }
}
