package dev.nat4j.turn.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.nat4j.core.SocketAddresses;
import dev.nat4j.core.TransportAddress;
import dev.nat4j.core.driver.DriverConfig;
import dev.nat4j.core.driver.EngineHandle;
import dev.nat4j.core.driver.NioDriver;
import dev.nat4j.core.driver.SocketSpec;
import dev.nat4j.turn.spi.AuthHandler;

/**
 * The TURN relay on real sockets: a {@link TurnServerEngine} on a {@link NioDriver}, listening on UDP and TCP, with
 * relay sockets in a port range. Logs one INFO line per allocation lifecycle event.
 *
 * <pre>{@code
 * try (TurnServer server = TurnServer.builder()
 *         .listen(new InetSocketAddress("192.0.2.1", 3478)).realm("example.org").user("alice", "secret")
 *         .start()) {
 *     ...
 * }
 * }</pre>
 */
public final class TurnServer implements AutoCloseable {
    /** The TURN port (RFC 8656 §3). */
    public static final int DEFAULT_PORT = 3478;
    private static final Logger LOG = LoggerFactory.getLogger(TurnServer.class);

    private final NioDriver driver;
    private final EngineHandle<TurnServerEvent> handle;
    private final TurnServerEngine engine;
    private final List<TransportAddress> listening;
    private volatile TurnServerStats finalStats;

    private TurnServer(NioDriver driver, EngineHandle<TurnServerEvent> handle, TurnServerEngine engine,
                       List<TransportAddress> listening) {
        this.driver = driver;
        this.handle = handle;
        this.engine = engine;
        this.listening = listening;
    }

    /** A builder with safe defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The UDP sockets and TCP listeners serving clients (not the relay sockets). */
    public List<TransportAddress> localAddresses() {
        return listening;
    }

    /** UDP sockets and listeners the server holds open now, relay sockets included (tests check for leaks). */
    int socketCount() {
        return handle.socketCount();
    }

    /** The configuration the engine runs with. */
    public TurnServerConfig config() {
        return engine.config();
    }

    /** The engine's counters, read on the driver thread; after {@link #close()}, the last ones. */
    public TurnServerStats stats() {
        if (!driver.isOpen()) {
            return finalStats != null ? finalStats : engine.stats();
        }
        try {
            return handle.call(engine::stats).join();
        } catch (java.util.concurrent.CompletionException e) {
            return finalStats != null ? finalStats : engine.stats(); // closed meanwhile
        }
    }

    /**
     * Graceful shutdown: refuses new allocations (508) and waits up to {@code drain} for the live ones to be deleted
     * by their clients or to expire, then {@link #close()}s.
     *
     * <pre>{@code
     * server.close(Duration.ofSeconds(30));
     * }</pre>
     */
    public void close(Duration drain) {
        if (driver.isOpen() && !drain.isNegative() && !drain.isZero()) {
            try {
                handle.execute(engine::stopAccepting).get(5, TimeUnit.SECONDS);
                long deadline = System.nanoTime() + drain.toNanos();
                while (stats().allocations() > 0 && System.nanoTime() - deadline < 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
                    if (Thread.currentThread().isInterrupted()) {
                        break;
                    }
                }
            } catch (Exception e) {
                LOG.debug("draining failed; closing now", e);
            }
        }
        close();
    }

    /** Deletes every allocation, closes every socket and stops the driver thread. Idempotent. */
    @Override
    public void close() {
        if (driver.isOpen()) {
            try {
                finalStats = handle.call(() -> {
                    engine.closeAll();
                    return engine.stats();
                }).get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.debug("closing allocations failed", e);
            }
        }
        handle.close();
        driver.close();
    }

    static void log(TurnServerEvent event) {
        if (event instanceof TurnServerEvent.AllocationCreated c) {
            LOG.info("allocation created: client {} via {}, user {}, relay {}, lifetime {} s",
                    SocketAddresses.format(c.client()), c.clientLocal(), c.username(), c.relay(), c.lifetimeSeconds());
        } else if (event instanceof TurnServerEvent.AllocationRefreshed r) {
            LOG.info("allocation refreshed: client {}, relay {}, lifetime {} s", SocketAddresses.format(r.client()),
                    r.relay(), r.lifetimeSeconds());
        } else if (event instanceof TurnServerEvent.AllocationDeleted d) {
            LOG.info("allocation deleted ({}): client {}, user {}, relay {}; to peers {} packets / {} bytes, to client "
                            + "{} packets / {} bytes", d.reason().name().toLowerCase(java.util.Locale.ROOT),
                    SocketAddresses.format(d.client()), d.username(), d.relay(), d.packetsToPeer(), d.bytesToPeer(),
                    d.packetsToClient(), d.bytesToClient());
        }
    }

    /** Collects the settings; {@link #start()} binds the sockets. */
    public static final class Builder {
        private final List<InetSocketAddress> listen = new ArrayList<>();
        private final List<SocketSpec> tlsListen = new ArrayList<>();
        private final List<InetAddress> relayIps = new ArrayList<>();
        private final List<Cidr> allow = new ArrayList<>();
        private final List<Cidr> deny = new ArrayList<>();
        private final TurnServerConfig.Builder config = TurnServerConfig.builder();
        private String realm = "nat4j";
        private final List<String[]> users = new ArrayList<>();
        private String authSecret;
        private AuthHandler auth;
        private InetAddress externalIp;
        private int minPort = 49152;
        private int maxPort = 65535;
        private boolean tcp = true;
        private Consumer<TurnServerEvent> listener = TurnServer::log;

        private Builder() {}

        /** A UDP socket and a TCP listener on {@code address} (repeatable; default 0.0.0.0:3478). */
        public Builder listen(InetSocketAddress address) {
            listen.add(Objects.requireNonNull(address, "address"));
            return this;
        }

        /** A TLS listener ({@code turns:}) on {@code address} with a server {@code context} (repeatable). */
        public Builder tlsListen(InetSocketAddress address, javax.net.ssl.SSLContext context) {
            tlsListen.add(SocketSpec.tls(address, context));
            return this;
        }

        /** Serve TCP next to UDP on every listen address (default true). */
        public Builder tcp(boolean enabled) {
            tcp = enabled;
            return this;
        }

        /** An address to bind relay sockets to (repeatable; IPv4 and/or IPv6). Default: the first listen IP. */
        public Builder relayIp(InetAddress ip) {
            relayIps.add(Objects.requireNonNull(ip, "ip"));
            return this;
        }

        /** The public address to advertise for relays when the server sits behind a 1:1 NAT. */
        public Builder externalIp(InetAddress ip) {
            externalIp = ip;
            return this;
        }

        /** The realm. */
        public Builder realm(String value) {
            realm = Objects.requireNonNull(value, "realm");
            return this;
        }

        /** A static user (repeatable). */
        public Builder user(String name, String password) {
            users.add(new String[] {Objects.requireNonNull(name, "name"), Objects.requireNonNull(password, "pw")});
            return this;
        }

        /** Accept coturn-style time-limited credentials derived from {@code secret} ({@link SharedSecretAuth}). */
        public Builder authSecret(String secret) {
            authSecret = Objects.requireNonNull(secret, "secret");
            return this;
        }

        /** A custom credential lookup, consulted after the static users and the shared secret. */
        public Builder auth(AuthHandler handler) {
            auth = handler;
            return this;
        }

        /** Let relays reach {@code cidr} even if denied by default (repeatable). */
        public Builder allowPeer(String cidr) {
            allow.add(Cidr.parse(cidr));
            return this;
        }

        /** Refuse peers in {@code cidr} (repeatable). */
        public Builder denyPeer(String cidr) {
            deny.add(Cidr.parse(cidr));
            return this;
        }

        /** The relay port range (default 49152-65535). */
        public Builder relayPorts(int min, int max) {
            if (min < 1 || max > 65535 || min > max) {
                throw new IllegalArgumentException("bad relay port range " + min + "-" + max);
            }
            minPort = min;
            maxPort = max;
            return this;
        }

        /** Total, per-user and per-client-IP allocation quotas. */
        public Builder quotas(int total, int perUser, int perClientIp) {
            config.maxAllocations(total).maxAllocationsPerUser(perUser).maxAllocationsPerClientIp(perClientIp);
            return this;
        }

        /** Permissions (and channels) per allocation. */
        public Builder maxPermissionsPerAllocation(int value) {
            config.maxPermissionsPerAllocation(value).maxChannelsPerAllocation(value);
            return this;
        }

        /** Allocation default and maximum lifetimes. */
        public Builder lifetimes(Duration defaultValue, Duration maxValue) {
            config.lifetimes(defaultValue, maxValue);
            return this;
        }

        /** Unauthenticated error replies per source IP per second (0: unlimited). */
        public Builder unauthenticatedRepliesPerSecond(int value) {
            config.unauthenticatedRepliesPerSecond(value);
            return this;
        }

        /** Redirect all allocations to another server with 300 (Try Alternate). */
        public Builder alternateServer(InetSocketAddress address) {
            config.alternateServer(address);
            return this;
        }

        /** Per-allocation bandwidth cap in payload bytes per second and direction (0: none). */
        public Builder maxBytesPerSecond(long value) {
            config.maxBytesPerSecond(value);
            return this;
        }

        /** Accept the RFC 5766 channel range 0x4000-0x7FFF (old clients); see {@link TurnServerConfig}. */
        public Builder legacyChannelNumbers(boolean value) {
            config.legacyChannelNumbers(value);
            return this;
        }

        /** Receives lifecycle events (default: one INFO log line each), on a pool thread, in order. */
        public Builder eventListener(Consumer<TurnServerEvent> value) {
            listener = Objects.requireNonNull(value, "listener");
            return this;
        }

        /**
         * Binds the listeners and starts serving.
         *
         * @throws UncheckedIOException     when a listen address cannot be bound
         * @throws IllegalArgumentException when the settings do not fit together (e.g. no relay IP can be derived)
         */
        public TurnServer start() {
            List<InetSocketAddress> addresses = listen.isEmpty()
                    ? List.of(new InetSocketAddress("0.0.0.0", DEFAULT_PORT)) : List.copyOf(listen);
            List<InetAddress> relays = new ArrayList<>(relayIps);
            if (relays.isEmpty()) {
                InetAddress first = addresses.get(0).getAddress();
                if (first.isAnyLocalAddress()) {
                    throw new IllegalArgumentException("give a relay IP (--relay-ip) when listening on a wildcard "
                            + "address: relayed addresses must be concrete");
                }
                relays.add(first);
            }
            AuthHandler combined = combinedAuth();
            PeerFilter filter = PeerFilter.defaults();
            for (Cidr c : allow) {
                filter = filter.withAllow(c);
            }
            for (Cidr c : deny) {
                filter = filter.withDeny(c);
            }
            Set<InetAddress> own = new LinkedHashSet<>(relays);
            for (InetSocketAddress a : addresses) {
                if (!a.getAddress().isAnyLocalAddress()) {
                    own.add(a.getAddress());
                }
            }
            if (externalIp != null) {
                own.add(externalIp);
            }
            for (InetAddress ip : own) {
                filter = filter.withOwnAddress(ip);
            }
            config.realm(realm).auth(combined).peerFilter(filter).externalIp(externalIp)
                    .unixNanosAtZero(System.currentTimeMillis() * 1_000_000L - System.nanoTime());
            TurnServerConfig built = config.build();
            NioRelaySockets relaySockets = new NioRelaySockets(relays, minPort, maxPort);
            TurnServerEngine engine = new TurnServerEngine(built, relaySockets);
            List<SocketSpec> specs = new ArrayList<>();
            for (InetSocketAddress a : addresses) {
                specs.add(SocketSpec.udp(a));
                if (tcp) {
                    specs.add(SocketSpec.tcp(a));
                }
            }
            specs.addAll(tlsListen);
            NioDriver driver = NioDriver.start(DriverConfig.defaults().withThreadName("nat4j-turn"));
            try {
                EngineHandle<TurnServerEvent> handle = driver.register(engine, specs, listener::accept);
                relaySockets.attach(handle);
                return new TurnServer(driver, handle, engine, handle.localAddresses());
            } catch (IOException e) {
                driver.close();
                throw new UncheckedIOException("cannot bind " + addresses, e);
            } catch (RuntimeException e) {
                driver.close();
                throw e;
            }
        }

        private AuthHandler combinedAuth() {
            List<AuthHandler> chain = new ArrayList<>();
            if (!users.isEmpty()) {
                StaticUsers.Builder b = StaticUsers.builder(realm);
                for (String[] u : users) {
                    b.user(u[0], u[1]);
                }
                chain.add(b.build());
            }
            if (authSecret != null) {
                chain.add(new SharedSecretAuth(realm, authSecret));
            }
            if (auth != null) {
                chain.add(auth);
            }
            List<AuthHandler> handlers = List.copyOf(chain);
            return new AuthHandler() {
                @Override
                public byte[] key(String username, String r, int algorithm, long unixSeconds) {
                    for (AuthHandler h : handlers) {
                        byte[] k = h.key(username, r, algorithm, unixSeconds);
                        if (k != null) {
                            return k;
                        }
                    }
                    return null;
                }

                @Override
                public String userForHash(byte[] userhash, String r) {
                    for (AuthHandler h : handlers) {
                        String u = h.userForHash(userhash, r);
                        if (u != null) {
                            return u;
                        }
                    }
                    return null;
                }

                @Override
                public String toString() {
                    return handlers.toString();
                }
            };
        }
    }
}
