package dev.nat4j.stun.discovery;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Consumer;

import dev.nat4j.core.TransportAddress;
import dev.nat4j.core.driver.DriverConfig;
import dev.nat4j.core.driver.EngineHandle;
import dev.nat4j.core.driver.NioDriver;
import dev.nat4j.core.driver.SocketSpec;

/**
 * Finds out what kind of NAT this host is behind (RFC 5780 §4) by running a {@link NatDiscoveryEngine} on two fresh
 * local UDP sockets with the NIO driver.
 *
 * <pre>{@code
 * NatReport report = NatCheck.builder(new InetSocketAddress("stun.example.org", 3478))
 *         .progressListener(p -> System.err.println(p))
 *         .build()
 *         .run()
 *         .get();
 * System.out.println(report.mappedAddress() + " behind a " + report.natType().displayName());
 * }</pre>
 *
 * <p>Without {@link Builder#localAddress(InetAddress)} the local IP is the one the operating system would send to the
 * server from (found by connecting a throw-away UDP socket, which sends nothing): comparing it with the mapped address
 * is how "no NAT" is recognised, so a wildcard bind would not do.
 */
public final class NatCheck {
    private final DiscoveryConfig config;
    private final InetAddress localIp;
    private final Consumer<? super DiscoveryProgress> progressListener;
    private final Executor executor;
    private final NioDriver sharedDriver;

    private NatCheck(Builder b) {
        this.config = b.config;
        this.localIp = b.localIp;
        this.progressListener = b.progressListener;
        this.executor = b.executor;
        this.sharedDriver = b.driver;
    }

    /** Starts describing a check against the RFC 5780 STUN server at {@code stunServer} (its primary address). */
    public static Builder builder(InetSocketAddress stunServer) {
        return new Builder(stunServer);
    }

    /** The settings the engine runs with. */
    public DiscoveryConfig config() {
        return config;
    }

    /**
     * Runs the check. The future completes with the report (including "UDP blocked" and unknowns), or fails with a
     * {@link NatCheckException} when the server refused the request or no socket could be opened. Each call is a new
     * run on new sockets.
     */
    public CompletableFuture<NatReport> run() {
        CompletableFuture<NatReport> result = new CompletableFuture<>();
        NioDriver driver;
        try {
            driver = sharedDriver != null ? sharedDriver
                    : NioDriver.start(DriverConfig.defaults().withThreadName("nat4j-natcheck"));
        } catch (RuntimeException e) {
            result.completeExceptionally(new NatCheckException("cannot start the network driver: " + e.getMessage(),
                    e));
            return result;
        }
        boolean ownDriver = driver != sharedDriver;
        try {
            InetAddress ip = localIp != null ? localIp : routeSource(config.server());
            NatDiscoveryEngine engine = new NatDiscoveryEngine(config);
            EngineHandle<DiscoveryEvent> handle = driver.register(engine,
                    List.of(SocketSpec.udp(new InetSocketAddress(ip, 0)), SocketSpec.udp(new InetSocketAddress(ip, 0))),
                    executor, event -> deliver(event, result));
            result.whenComplete((r, e) -> {
                handle.close();
                if (ownDriver) {
                    driver.close();
                }
            });
            List<TransportAddress> locals = handle.localAddresses();
            handle.execute(() -> engine.start(locals.get(0), locals.get(1), NioDriver.now()))
                    .exceptionally(e -> {
                        result.completeExceptionally(new NatCheckException("the check could not start", e));
                        return null;
                    });
        } catch (IOException | RuntimeException e) {
            if (ownDriver) {
                driver.close();
            }
            result.completeExceptionally(e instanceof NatCheckException ? e
                    : new NatCheckException("cannot open local UDP sockets: " + e.getMessage(), e));
        }
        return result;
    }

    private void deliver(DiscoveryEvent event, CompletableFuture<NatReport> result) {
        if (event instanceof DiscoveryProgress p) {
            if (progressListener != null && !result.isDone()) {
                progressListener.accept(p);
            }
        } else if (event instanceof DiscoveryFinished f) {
            result.complete(f.report());
        } else if (event instanceof DiscoveryFailed f) {
            result.completeExceptionally(new NatCheckException(f.reason()));
        }
    }

    /** The source IP the routing table picks for {@code server}; connecting a UDP socket sends nothing. */
    static InetAddress routeSource(InetSocketAddress server) {
        try (DatagramChannel probe = DatagramChannel.open()) {
            probe.connect(server);
            InetAddress ip = ((InetSocketAddress) probe.getLocalAddress()).getAddress();
            if (ip.isAnyLocalAddress()) {
                throw new NatCheckException("no local address routes to " + server + "; give one explicitly");
            }
            return ip;
        } catch (IOException e) {
            throw new NatCheckException("no route to " + server + ": " + e.getMessage(), e);
        }
    }

    /** Builds a {@link NatCheck}. */
    public static final class Builder {
        private DiscoveryConfig config;
        private InetAddress localIp;
        private Consumer<? super DiscoveryProgress> progressListener;
        private Executor executor = ForkJoinPool.commonPool();
        private NioDriver driver;

        private Builder(InetSocketAddress server) {
            Objects.requireNonNull(server, "stunServer");
            if (server.isUnresolved()) {
                throw new IllegalArgumentException("unresolved STUN server address: " + server);
            }
            this.config = DiscoveryConfig.of(server);
        }

        /** The local IP to test from (both sockets bind to it, on fresh ephemeral ports). */
        public Builder localAddress(InetAddress ip) {
            if (ip != null && ip.isAnyLocalAddress()) {
                throw new IllegalArgumentException("give a specific local IP, not the wildcard");
            }
            this.localIp = ip;
            return this;
        }

        /** How long each probe waits for an answer (default 2.2 s); the filtering tests wait this long for nothing. */
        public Builder probeTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("probe timeout must be positive");
            }
            this.config = config.withProbeTimeout(timeout);
            return this;
        }

        /** Runs the hairpinning test (default on). */
        public Builder hairpinning(boolean enabled) {
            this.config = config.withHairpinning(enabled);
            return this;
        }

        /** Runs the slow binding lifetime search up to {@code max} (default off). */
        public Builder bindingLifetime(boolean enabled, Duration max) {
            this.config = config.withBindingLifetime(enabled, max, config.lifetimeSteps());
            return this;
        }

        /** Replaces the whole engine configuration (its server must stay a resolved address). */
        public Builder config(DiscoveryConfig value) {
            this.config = Objects.requireNonNull(value, "config");
            return this;
        }

        /** Called as each test completes, on the executor (default: the common pool), in order. */
        public Builder progressListener(Consumer<? super DiscoveryProgress> listener) {
            this.progressListener = listener;
            return this;
        }

        /** Where progress is reported and the future completes. */
        public Builder executor(Executor value) {
            this.executor = Objects.requireNonNull(value, "executor");
            return this;
        }

        /** A driver to run on (left open afterwards); by default each run starts and closes its own. */
        public Builder driver(NioDriver value) {
            this.driver = value;
            return this;
        }

        /** The check, ready to {@link NatCheck#run()}. */
        public NatCheck build() {
            return new NatCheck(this);
        }
    }
}
