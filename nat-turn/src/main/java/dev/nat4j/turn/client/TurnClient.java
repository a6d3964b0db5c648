package dev.nat4j.turn.client;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Supplier;

import javax.net.ssl.SSLContext;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.nat4j.core.Transport;
import dev.nat4j.core.TransportAddress;
import dev.nat4j.core.driver.DriverConfig;
import dev.nat4j.core.driver.EngineHandle;
import dev.nat4j.core.driver.NioDriver;
import dev.nat4j.core.driver.SocketSpec;
import dev.nat4j.stun.transaction.RetransmissionPolicy;

/**
 * Allocates relayed addresses on a TURN server (RFC 8656) over UDP, TCP or TLS, IPv4 or IPv6: each
 * {@link #allocate()} runs one {@link TurnClientEngine} on the NIO driver and hands back a {@link RelayEndpoint} that
 * behaves like a datagram socket.
 *
 * <pre>{@code
 * try (TurnClient turn = TurnClient.builder()
 *         .server("turns:turn.example.org?transport=tcp")
 *         .credentials("alice", "secret")
 *         .build()) {
 *     RelayEndpoint relay = turn.allocate().get(10, TimeUnit.SECONDS);
 *     relay.send(peer, ByteBuffer.wrap(hello));
 *     RelayedPacket reply = relay.receive(Duration.ofSeconds(5));
 *     relay.close();                                  // Refresh LIFETIME 0
 * }
 * }</pre>
 *
 * <p>Over UDP each allocation gets its own local socket (a TURN allocation is tied to the client's 5-tuple); over
 * TCP/TLS its own connection, whose close ends the allocation. Futures complete on the builder's executor and fail
 * with {@link TurnException} when the server refuses (its {@link TurnError} says why) or with the network's
 * {@link IOException}. Thread-safe.
 */
public final class TurnClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TurnClient.class);

    private final TurnUri server;
    private final TurnClientConfig config;
    private final NioDriver driver;
    private final boolean ownsDriver;
    private final Executor executor;
    private final SSLContext sslContext;
    private final InetSocketAddress localAddress;
    private final Set<RelayEndpoint> endpoints = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private TurnClient(Builder b) {
        this.server = b.server;
        this.config = b.config();
        this.executor = b.executor;
        this.sslContext = b.sslContext;
        this.localAddress = b.localAddress;
        this.ownsDriver = b.driver == null;
        this.driver = ownsDriver
                ? NioDriver.start(DriverConfig.defaults().withThreadName("nat4j-turn-client")
                        .withCallbackExecutor(b.executor))
                : b.driver;
    }

    /** A builder; {@link Builder#server} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The configured server. */
    public TurnUri server() {
        return server;
    }

    /**
     * Creates an allocation: resolves the server (on the executor for a host name), opens a socket or connection,
     * and runs Allocate with the credential dance.
     *
     * @return completes with the endpoint once allocated; fails with {@link TurnException} or an {@link IOException}
     */
    public CompletableFuture<RelayEndpoint> allocate() {
        if (closed) {
            return CompletableFuture.failedFuture(new IOException("TURN client is closed"));
        }
        CompletableFuture<RelayEndpoint> result = new CompletableFuture<>();
        Runnable work = () -> {
            try {
                List<InetSocketAddress> addresses = server.resolveAll();
                open(addresses.get(0), result, 0);
            } catch (IOException | RuntimeException e) {
                result.completeExceptionally(e);
            }
        };
        if (server.isIpLiteral()) {
            work.run();
        } else {
            CompletableFuture.runAsync(work, executor);
        }
        return result;
    }

    private void open(InetSocketAddress address, CompletableFuture<RelayEndpoint> result, int attempt)
            throws IOException {
        Transport transport = server.transport();
        TurnClientEngine engine = new TurnClientEngine(config);
        RelayEndpoint endpoint = new RelayEndpoint(this, engine, transport, server.host());
        endpoints.add(endpoint);
        endpoint.allocatedFuture().whenComplete((e, error) -> {
            if (error == null) {
                result.complete(e);
                return;
            }
            Throwable cause = error instanceof CompletionException c && c.getCause() != null ? c.getCause() : error;
            if (attempt == 0 && !closed && transport == Transport.UDP && ephemeralPort()
                    && cause instanceof TurnException t
                    && t.error().reason() == TurnError.Reason.ALLOCATION_MISMATCH) {
                // RFC 8656 §7.3: the server still holds an allocation for this 5-tuple (a stale one, say); a new
                // local port makes a new 5-tuple. Once only.
                try {
                    open(address, result, attempt + 1);
                } catch (IOException | RuntimeException again) {
                    result.completeExceptionally(again);
                }
                return;
            }
            result.completeExceptionally(cause);
        });
        List<SocketSpec> sockets = transport == Transport.UDP ? List.of(SocketSpec.udp(bindFor(address)))
                : List.of();
        EngineHandle<TurnEvent> handle;
        try {
            handle = driver.register(engine, sockets, executor, endpoint::onEngineEvent);
        } catch (IOException | RuntimeException e) {
            endpoints.remove(endpoint);
            throw e;
        }
        if (transport == Transport.UDP) {
            TransportAddress local = handle.localAddress();
            endpoint.attach(handle, local);
            handle.execute(() -> engine.start(local, address, NioDriver.now()));
            return;
        }
        endpoint.attach(handle, null);
        connect(handle, address, transport, server.host()).whenComplete((local, error) -> {
            if (error != null) {
                endpoint.allocatedFuture().completeExceptionally(error instanceof CompletionException c
                        && c.getCause() != null ? c.getCause() : error);
                endpoint.release();
                return;
            }
            endpoint.attach(handle, local);
            handle.execute(() -> engine.start(local, address, NioDriver.now()));
        });
    }

    private CompletableFuture<TransportAddress> connect(EngineHandle<TurnEvent> handle, InetSocketAddress address,
            Transport transport, String host) {
        if (transport == Transport.TLS) {
            return handle.connectTls(address, tlsContext(), host);
        }
        return handle.connect(address);
    }

    /** After a 300 over TCP/TLS: connect to the alternate server and allocate there. */
    void reconnect(RelayEndpoint endpoint, InetSocketAddress from, InetSocketAddress to) {
        EngineHandle<TurnEvent> handle = endpoint.handle();
        TransportAddress old = endpoint.localAddress();
        if (old != null) {
            handle.disconnect(old, from);
        }
        String host = to.getAddress().getHostAddress();
        int percent = host.indexOf('%');
        connect(handle, to, endpoint.transport(), percent >= 0 ? host.substring(0, percent) : host)
                .whenComplete((local, error) -> {
                    if (error != null) {
                        LOG.debug("cannot connect to alternate TURN server {}", to, error);
                        endpoint.allocatedFuture().completeExceptionally(error);
                        endpoint.release();
                        return;
                    }
                    endpoint.attach(handle, local);
                    handle.execute(() -> endpoint.engine().start(local, to, NioDriver.now()));
                });
    }

    private boolean ephemeralPort() {
        return localAddress == null || localAddress.getPort() == 0;
    }

    private InetSocketAddress bindFor(InetSocketAddress target) {
        if (localAddress != null) {
            return localAddress;
        }
        return new InetSocketAddress(target.getAddress() instanceof Inet6Address ? "::" : "0.0.0.0", 0);
    }

    private SSLContext tlsContext() {
        if (sslContext != null) {
            return sslContext;
        }
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no default TLS context", e);
        }
    }

    void forget(RelayEndpoint endpoint) {
        endpoints.remove(endpoint);
    }

    /** Closes every endpoint (deleting their allocations) and stops the driver if the client started it. */
    @Override
    public void close() {
        closed = true;
        for (RelayEndpoint e : List.copyOf(endpoints)) {
            e.close();
        }
        if (ownsDriver) {
            driver.close();
        }
    }

    @Override
    public String toString() {
        return "TurnClient[" + server + "]";
    }

    /**
     * Settings of a {@link TurnClient}.
     *
     * <pre>{@code
     * TurnClient turn = TurnClient.builder()
     *         .server("turn:192.0.2.1:3478?transport=tcp")
     *         .credentials(() -> fetchTimeLimitedCredentials())    // asked on every 401
     *         .additionalIpv6(true)
     *         .build();
     * }</pre>
     */
    public static final class Builder {
        private TurnUri server;
        private Supplier<TurnCredentials> credentials;
        private RetransmissionPolicy policy = RetransmissionPolicy.DEFAULT;
        private int requestedFamily;
        private boolean additionalIpv6;
        private Duration lifetime;
        private boolean autoBindChannels = true;
        private Executor executor = ForkJoinPool.commonPool();
        private SSLContext sslContext;
        private NioDriver driver;
        private InetSocketAddress localAddress;

        private Builder() {}

        /** The server, as a {@code turn:}/{@code turns:} URI (RFC 7065). */
        public Builder server(String uri) {
            return server(TurnUri.parse(uri));
        }

        /** The server. */
        public Builder server(TurnUri uri) {
            this.server = Objects.requireNonNull(uri, "uri");
            return this;
        }

        /** Static long-term credentials. */
        public Builder credentials(String username, String password) {
            TurnCredentials c = new TurnCredentials(username, password);
            this.credentials = () -> c;
            return this;
        }

        /** Credentials fetched on every 401 (for time-limited ones); may block briefly, it runs on the driver. */
        public Builder credentials(Supplier<TurnCredentials> supplier) {
            this.credentials = Objects.requireNonNull(supplier, "supplier");
            return this;
        }

        /** Retransmission timers; default RFC 8489. */
        public Builder policy(RetransmissionPolicy p) {
            this.policy = Objects.requireNonNull(p, "p");
            return this;
        }

        /** Asks for a relayed address of one family: 1 (IPv4) or 2 (IPv6); 0 leaves it to the server. */
        public Builder requestedFamily(int family) {
            this.requestedFamily = family;
            return this;
        }

        /** Asks for a second, IPv6 relayed address (RFC 8656 dual allocation). */
        public Builder additionalIpv6(boolean dual) {
            this.additionalIpv6 = dual;
            return this;
        }

        /** The allocation lifetime to ask for; default the server's. */
        public Builder lifetime(Duration l) {
            this.lifetime = l;
            return this;
        }

        /** Whether the first send to a peer binds a channel (default true). */
        public Builder autoBindChannels(boolean auto) {
            this.autoBindChannels = auto;
            return this;
        }

        /** Where futures complete, events and received datagrams are delivered, and names resolved. */
        public Builder executor(Executor e) {
            this.executor = Objects.requireNonNull(e, "e");
            return this;
        }

        /** The client TLS context for {@code turns:} (e.g. trusting a private CA); default the JDK's. */
        public Builder sslContext(SSLContext tls) {
            this.sslContext = Objects.requireNonNull(tls, "tls");
            return this;
        }

        /** Runs on a shared driver instead of starting one. */
        public Builder driver(NioDriver shared) {
            this.driver = Objects.requireNonNull(shared, "shared");
            return this;
        }

        /** The local address UDP allocations bind to (port 0: any); default the wildcard of the server's family. */
        public Builder localAddress(InetSocketAddress bind) {
            this.localAddress = Objects.requireNonNull(bind, "bind");
            return this;
        }

        private TurnClientConfig config() {
            TurnClientConfig c = TurnClientConfig.of(credentials).withPolicy(policy)
                    .withRequestedFamily(requestedFamily).withAdditionalIpv6(additionalIpv6).withLifetime(lifetime)
                    .withAutoBindChannels(autoBindChannels);
            return c;
        }

        /**
         * Starts the client (and its driver thread unless a shared one was given).
         *
         * @throws IllegalStateException when no server was set
         */
        public TurnClient build() {
            if (server == null) {
                throw new IllegalStateException("a TURN server URI is required");
            }
            config(); // validates the combination now rather than at the first allocate
            return new TurnClient(this);
        }
    }
}
