package dev.nat4j.turn.server;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;

import dev.nat4j.turn.spi.AuthHandler;

/**
 * Settings of a {@link TurnServerEngine}: realm and credentials, peer filter, lifetimes and quotas. Immutable; build
 * with {@link #builder()}. Defaults follow RFC 8656 and coturn's production values, and are safe: the built-in peer
 * deny list, finite quotas, 10 unauthenticated error replies per second per source IP.
 *
 * <pre>{@code
 * TurnServerConfig config = TurnServerConfig.builder()
 *         .realm("example.org")
 *         .auth(StaticUsers.builder("example.org").user("alice", "secret").build())
 *         .maxAllocationsPerUser(5)
 *         .build();
 * }</pre>
 */
public final class TurnServerConfig {
    private final String realm;
    private final AuthHandler auth;
    private final PeerFilter peerFilter;
    private final Duration defaultLifetime;
    private final Duration maxLifetime;
    private final Duration permissionLifetime;
    private final Duration channelLifetime;
    private final Duration nonceLifetime;
    private final int maxAllocations;
    private final int maxAllocationsPerUser;
    private final int maxAllocationsPerClientIp;
    private final int maxPermissionsPerAllocation;
    private final int maxChannelsPerAllocation;
    private final int unauthenticatedRepliesPerSecond;
    private final InetAddress externalIp;
    private final InetSocketAddress alternateServer;
    private final long unixNanosAtZero;
    private final byte[] nonceSecret;
    private final boolean legacyChannelNumbers;
    private final long maxBytesPerSecond;

    private TurnServerConfig(Builder b) {
        realm = b.realm;
        auth = b.auth;
        peerFilter = b.peerFilter;
        defaultLifetime = b.defaultLifetime;
        maxLifetime = b.maxLifetime;
        permissionLifetime = b.permissionLifetime;
        channelLifetime = b.channelLifetime;
        nonceLifetime = b.nonceLifetime;
        maxAllocations = b.maxAllocations;
        maxAllocationsPerUser = b.maxAllocationsPerUser;
        maxAllocationsPerClientIp = b.maxAllocationsPerClientIp;
        maxPermissionsPerAllocation = b.maxPermissionsPerAllocation;
        maxChannelsPerAllocation = b.maxChannelsPerAllocation;
        unauthenticatedRepliesPerSecond = b.unauthenticatedRepliesPerSecond;
        externalIp = b.externalIp;
        alternateServer = b.alternateServer;
        unixNanosAtZero = b.unixNanosAtZero;
        nonceSecret = b.nonceSecret == null ? null : b.nonceSecret.clone();
        legacyChannelNumbers = b.legacyChannelNumbers;
        maxBytesPerSecond = b.maxBytesPerSecond;
    }

    /** A builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this configuration, to change some settings. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.realm = realm;
        b.auth = auth;
        b.peerFilter = peerFilter;
        b.defaultLifetime = defaultLifetime;
        b.maxLifetime = maxLifetime;
        b.permissionLifetime = permissionLifetime;
        b.channelLifetime = channelLifetime;
        b.nonceLifetime = nonceLifetime;
        b.maxAllocations = maxAllocations;
        b.maxAllocationsPerUser = maxAllocationsPerUser;
        b.maxAllocationsPerClientIp = maxAllocationsPerClientIp;
        b.maxPermissionsPerAllocation = maxPermissionsPerAllocation;
        b.maxChannelsPerAllocation = maxChannelsPerAllocation;
        b.unauthenticatedRepliesPerSecond = unauthenticatedRepliesPerSecond;
        b.externalIp = externalIp;
        b.alternateServer = alternateServer;
        b.unixNanosAtZero = unixNanosAtZero;
        b.nonceSecret = nonceSecret;
        b.legacyChannelNumbers = legacyChannelNumbers;
        b.maxBytesPerSecond = maxBytesPerSecond;
        return b;
    }

    /** REALM sent in challenges. */
    public String realm() { return realm; }
    /** Credential lookup. */
    public AuthHandler auth() { return auth; }
    /** Which peers relays may reach. */
    public PeerFilter peerFilter() { return peerFilter; }
    /** Lifetime of an allocation when the client asks for less or nothing (600 s). */
    public Duration defaultLifetime() { return defaultLifetime; }
    /** Longest allocation lifetime granted (3600 s). */
    public Duration maxLifetime() { return maxLifetime; }
    /** Permission lifetime (300 s). */
    public Duration permissionLifetime() { return permissionLifetime; }
    /** Channel binding lifetime (600 s). */
    public Duration channelLifetime() { return channelLifetime; }
    /** How long a nonce stays valid before 438 (600 s). */
    public Duration nonceLifetime() { return nonceLifetime; }
    /** Allocations on the whole server; beyond it 508. */
    public int maxAllocations() { return maxAllocations; }
    /** Concurrent allocations of one user; beyond it 486. */
    public int maxAllocationsPerUser() { return maxAllocationsPerUser; }
    /** Concurrent allocations from one client IP; beyond it 486. */
    public int maxAllocationsPerClientIp() { return maxAllocationsPerClientIp; }
    /** Permissions on one allocation; beyond it 508. */
    public int maxPermissionsPerAllocation() { return maxPermissionsPerAllocation; }
    /** Channels on one allocation; beyond it 508. */
    public int maxChannelsPerAllocation() { return maxChannelsPerAllocation; }
    /** 401/438/400/420 replies to unauthenticated requests per source IP per second (0: no limit). */
    public int unauthenticatedRepliesPerSecond() { return unauthenticatedRepliesPerSecond; }
    /** The address advertised in XOR-RELAYED-ADDRESS instead of the relay socket's own (1:1 NAT), or null. */
    public InetAddress externalIp() { return externalIp; }
    /** When set, every Allocate is redirected there with 300 (Try Alternate). */
    public InetSocketAddress alternateServer() { return alternateServer; }
    /** Unix time in nanoseconds when the engine's clock reads 0: wall time = now + this. */
    public long unixNanosAtZero() { return unixNanosAtZero; }
    /** Relayed payload bytes per second per allocation and direction; the excess is dropped (0: no limit). */
    public long maxBytesPerSecond() { return maxBytesPerSecond; }
    /** Accept the RFC 5766 channel range 0x4000-0x7FFF instead of RFC 8656's 0x4000-0x4FFF (old clients). */
    public boolean legacyChannelNumbers() { return legacyChannelNumbers; }
    /** Secret keying the stateless nonces, or null for a random one per engine. */
    byte[] nonceSecret() { return nonceSecret == null ? null : nonceSecret.clone(); }

    @Override
    public String toString() {
        return "TurnServerConfig[realm=" + realm + ", auth=" + auth + ", " + peerFilter + ", quotas " + maxAllocations
                + "/" + maxAllocationsPerUser + " per user/" + maxAllocationsPerClientIp + " per IP, "
                + maxPermissionsPerAllocation + " permissions]";
    }

    /** Collects settings; every setter checks its value. */
    public static final class Builder {
        private String realm = "nat4j";
        private AuthHandler auth = (u, r, a, t) -> null;
        private PeerFilter peerFilter = PeerFilter.defaults();
        private Duration defaultLifetime = Duration.ofSeconds(600);
        private Duration maxLifetime = Duration.ofSeconds(3600);
        private Duration permissionLifetime = Duration.ofSeconds(300);
        private Duration channelLifetime = Duration.ofSeconds(600);
        private Duration nonceLifetime = Duration.ofSeconds(600);
        private int maxAllocations = 10_000;
        private int maxAllocationsPerUser = 100;
        private int maxAllocationsPerClientIp = 100;
        private int maxPermissionsPerAllocation = 1024;
        private int maxChannelsPerAllocation = 1024;
        private int unauthenticatedRepliesPerSecond = 10;
        private InetAddress externalIp;
        private InetSocketAddress alternateServer;
        private long unixNanosAtZero;
        private byte[] nonceSecret;
        private boolean legacyChannelNumbers;
        private long maxBytesPerSecond;

        private Builder() {}

        /** The realm (REALM attribute), 1..127 characters. */
        public Builder realm(String value) {
            Objects.requireNonNull(value, "realm");
            if (value.isEmpty() || value.length() > 127) {
                throw new IllegalArgumentException("realm must have 1..127 characters");
            }
            realm = value;
            return this;
        }

        /** Credential lookup; without one, nobody can allocate. */
        public Builder auth(AuthHandler value) {
            auth = Objects.requireNonNull(value, "auth");
            return this;
        }

        /** The peer filter (default {@link PeerFilter#defaults()}). */
        public Builder peerFilter(PeerFilter value) {
            peerFilter = Objects.requireNonNull(value, "peerFilter");
            return this;
        }

        /** Allocation default and maximum lifetimes. */
        public Builder lifetimes(Duration defaultValue, Duration maxValue) {
            positive(defaultValue, "default lifetime");
            positive(maxValue, "max lifetime");
            if (maxValue.compareTo(defaultValue) < 0) {
                throw new IllegalArgumentException("max lifetime below the default");
            }
            defaultLifetime = defaultValue;
            maxLifetime = maxValue;
            return this;
        }

        /** Permission lifetime (RFC 8656: 300 s; change only for tests). */
        public Builder permissionLifetime(Duration value) {
            permissionLifetime = positive(value, "permission lifetime");
            return this;
        }

        /** Channel lifetime (RFC 8656: 600 s; change only for tests). */
        public Builder channelLifetime(Duration value) {
            channelLifetime = positive(value, "channel lifetime");
            return this;
        }

        /** Nonce lifetime. */
        public Builder nonceLifetime(Duration value) {
            nonceLifetime = positive(value, "nonce lifetime");
            return this;
        }

        /** Total allocations. */
        public Builder maxAllocations(int value) {
            maxAllocations = atLeast(value, 1, "maxAllocations");
            return this;
        }

        /** Allocations per user. */
        public Builder maxAllocationsPerUser(int value) {
            maxAllocationsPerUser = atLeast(value, 1, "maxAllocationsPerUser");
            return this;
        }

        /** Allocations per client IP. */
        public Builder maxAllocationsPerClientIp(int value) {
            maxAllocationsPerClientIp = atLeast(value, 1, "maxAllocationsPerClientIp");
            return this;
        }

        /** Permissions per allocation. */
        public Builder maxPermissionsPerAllocation(int value) {
            maxPermissionsPerAllocation = atLeast(value, 1, "maxPermissionsPerAllocation");
            return this;
        }

        /** Channels per allocation (at most 4096, the channel number range). */
        public Builder maxChannelsPerAllocation(int value) {
            maxChannelsPerAllocation = Math.min(4096, atLeast(value, 1, "maxChannelsPerAllocation"));
            return this;
        }

        /** Unauthenticated error replies per source IP per second; 0 disables the limit. */
        public Builder unauthenticatedRepliesPerSecond(int value) {
            unauthenticatedRepliesPerSecond = atLeast(value, 0, "unauthenticatedRepliesPerSecond");
            return this;
        }

        /** Address to advertise for relays (server behind a 1:1 NAT); null for the relay socket's own. */
        public Builder externalIp(InetAddress value) {
            externalIp = value;
            return this;
        }

        /** Redirect every Allocate to {@code value} with 300; null to serve allocations here. */
        public Builder alternateServer(InetSocketAddress value) {
            alternateServer = value;
            return this;
        }

        /** Unix time (ns) at engine time 0, for time-limited credentials: {@code currentTimeMillis*1e6 - nanoTime}. */
        public Builder unixNanosAtZero(long value) {
            unixNanosAtZero = value;
            return this;
        }

        /** A fixed nonce secret (tests, or several servers sharing nonces); default random. */
        public Builder nonceSecret(byte[] value) {
            nonceSecret = value == null ? null : value.clone();
            return this;
        }

        /**
         * Also accept channel numbers 0x5000-0x7FFF (RFC 5766), which RFC 8656 §12 took away: clients such as coturn's
         * {@code turnutils_uclient} before 4.7 still pick them. Off by default.
         */
        public Builder legacyChannelNumbers(boolean value) {
            legacyChannelNumbers = value;
            return this;
        }

        /**
         * Caps the payload bytes relayed per second by one allocation, in each direction separately (a token bucket
         * holding one second's worth); datagrams over the cap are dropped and counted. 0 (the default) is no limit.
         */
        public Builder maxBytesPerSecond(long value) {
            if (value < 0) {
                throw new IllegalArgumentException("maxBytesPerSecond must not be negative: " + value);
            }
            maxBytesPerSecond = value;
            return this;
        }

        /** The configuration. */
        public TurnServerConfig build() {
            return new TurnServerConfig(this);
        }

        private static Duration positive(Duration d, String what) {
            Objects.requireNonNull(d, what);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive");
            }
            return d;
        }

        private static int atLeast(int value, int min, String what) {
            if (value < min) {
                throw new IllegalArgumentException(what + " must be at least " + min + ": " + value);
            }
            return value;
        }
    }
}
