package dev.nat4j.stun.client;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;

import javax.net.ssl.SSLContext;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.nat4j.core.SocketAddresses;
import dev.nat4j.core.Transport;
import dev.nat4j.core.TransportAddress;
import dev.nat4j.core.driver.DriverConfig;
import dev.nat4j.core.driver.EngineHandle;
import dev.nat4j.core.driver.NioDriver;
import dev.nat4j.core.driver.SocketSpec;
import dev.nat4j.stun.TransactionId;
import dev.nat4j.stun.transaction.RetransmissionPolicy;

/**
 * Asks STUN servers for this host's reflexive (public) address: a {@link BindingClientEngine} on the NIO driver,
 * over UDP, TCP or TLS, IPv4 or IPv6.
 *
 * <pre>{@code
 * try (StunClient client = StunClient.builder().build()) {
 *     BindingResult r = client.binding(StunUri.parse("stun:stun.example.org")).get();
 *     System.out.println("mapped address " + r.mappedAddress() + ", rtt " + r.rtt());
 * }
 * }</pre>
 *
 * <p>Over UDP every request leaves from the client's own socket for the server's address family (by default one
 * IPv4 and one IPv6 socket on ephemeral ports, see {@link Builder#localAddress}), so several requests to several
 * servers share a mapping and run in parallel. Over TCP and TLS each request opens its own connection, which is
 * closed when the request ends. {@code stuns:} URIs use TLS with the configured {@link SSLContext} and check the
 * server certificate against the URI's host.
 *
 * <p>The returned futures complete on the builder's executor, never on the driver thread. They fail with
 * {@link BindingFailedException} when the server answers with an error (300 Try Alternate included) or not at all,
 * and with the {@link IOException} of the network otherwise (DNS, connection refused, TLS handshake). Cancelling a
 * future stops its retransmissions. The client is thread-safe.
 */
public final class StunClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StunClient.class);

    private final NioDriver driver;
    private final boolean ownsDriver;
    private final EngineHandle<BindingEvent> handle;
    private final BindingClientEngine engine;
    private final Executor executor;
    private final SSLContext sslContext;
    private final TransportAddress udp4;
    private final TransportAddress udp6;
    /** Outstanding requests by transaction id; written on the driver thread before the request can be answered. */
    private final Map<TransactionId, CompletableFuture<BindingResult>> inFlight = new ConcurrentHashMap<>();
    /** Every future not yet complete, including those still resolving or connecting, to fail them on close. */
    private final Set<CompletableFuture<BindingResult>> pending = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private StunClient(Builder b) throws IOException {
        this.executor = b.executor;
        this.sslContext = b.sslContext;
        this.ownsDriver = b.driver == null;
        this.driver = ownsDriver
                ? NioDriver.start(DriverConfig.defaults().withThreadName("nat4j-stun-client")
                        .withCallbackExecutor(b.executor))
                : b.driver;
        this.engine = new BindingClientEngine(b.policy, b.maxOutstanding);
        try {
            List<SocketSpec> sockets = b.localAddress != null
                    ? List.of(SocketSpec.udp(b.localAddress))
                    : List.of(SocketSpec.udp(new InetSocketAddress("0.0.0.0", 0)));
            this.handle = driver.register(engine, sockets, b.executor, this::onEvent);
            TransportAddress first = handle.localAddress();
            TransportAddress six = null;
            if (b.localAddress == null) {
                try {
                    six = handle.open(SocketSpec.udp(new InetSocketAddress("::", 0)));
                } catch (IOException | RuntimeException e) {
                    LOG.debug("no IPv6 UDP socket; IPv6 servers are reachable over TCP/TLS only", e);
                }
            }
            boolean firstIs6 = first.isIpv6();
            this.udp4 = firstIs6 ? null : first;
            this.udp6 = firstIs6 ? first : six;
        } catch (IOException | RuntimeException e) {
            if (ownsDriver) {
                driver.close();
            }
            throw e;
        }
    }

    /** A builder with the defaults: wildcard IPv4 and IPv6 UDP sockets, RFC 8489 timers, the common pool. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Sends a Binding request to the server a URI names: {@code stun:} over UDP, {@code stuns:} over TLS. A host name
     * is resolved first (on the executor, with the JDK resolver); the first address with a usable local socket wins.
     */
    public CompletableFuture<BindingResult> binding(StunUri server) {
        return binding(server, server.defaultTransport());
    }

    /**
     * Sends a Binding request to the server a URI names, over {@code transport} (e.g. a {@code stun:} server over
     * TCP). TLS checks the certificate against the URI's host.
     */
    public CompletableFuture<BindingResult> binding(StunUri server, Transport transport) {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(transport, "transport");
        CompletableFuture<BindingResult> result = track(new CompletableFuture<>());
        if (server.isIpLiteral()) {
            resolved(server, transport, result);
        } else {
            CompletableFuture.runAsync(() -> resolved(server, transport, result), executor);
        }
        return result;
    }

    private void resolved(StunUri server, Transport transport, CompletableFuture<BindingResult> result) {
        List<InetSocketAddress> candidates;
        try {
            candidates = server.resolveAll();
        } catch (IOException | RuntimeException e) {
            result.completeExceptionally(e);
            return;
        }
        if (transport.isStream()) {
            connectAndSend(BindingRequest.to(candidates.get(0), transport), candidates, 0, server.host(), result);
            return;
        }
        for (InetSocketAddress a : candidates) {
            if (udpSocketFor(a) != null) {
                send(BindingRequest.to(a, transport), server.host(), result);
                return;
            }
        }
        result.completeExceptionally(new IOException("no local UDP socket for the address family of " + server
                + " " + candidates));
    }

    /** Sends a Binding request over UDP to {@code server}. */
    public CompletableFuture<BindingResult> binding(InetSocketAddress server) {
        return binding(server, Transport.UDP);
    }

    /**
     * Sends a Binding request to {@code server} over {@code transport}. For TLS the certificate must name the
     * server's IP address; use {@link #binding(StunUri)} to check a host name.
     */
    public CompletableFuture<BindingResult> binding(InetSocketAddress server, Transport transport) {
        return binding(BindingRequest.to(server, transport));
    }

    /**
     * Sends {@code request} as given (extra attributes, FINGERPRINT or not, tag). A UDP request without a source
     * leaves from the client's socket for the server's family; a UDP source must be one of
     * {@link #localAddresses()}. A TCP/TLS request must have no source: the client opens its connection.
     */
    public CompletableFuture<BindingResult> binding(BindingRequest request) {
        Objects.requireNonNull(request, "request");
        CompletableFuture<BindingResult> result = track(new CompletableFuture<>());
        String tlsHost = request.destination().getAddress().getHostAddress();
        int percent = tlsHost.indexOf('%');
        if (percent >= 0) {
            tlsHost = tlsHost.substring(0, percent);
        }
        send(request, tlsHost, result);
        return result;
    }

    /**
     * As {@link #binding(StunUri)}, waiting for the outcome.
     *
     * @throws BindingFailedException when the server answers with an error or not at all
     * @throws IOException            when the network fails (DNS, connection, TLS)
     * @throws InterruptedException   when interrupted while waiting (the request is cancelled)
     */
    public BindingResult bindingBlocking(StunUri server) throws IOException, InterruptedException {
        CompletableFuture<BindingResult> f = binding(server);
        try {
            return f.get();
        } catch (InterruptedException e) {
            f.cancel(false);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(cause);
        }
    }

    /** The local UDP sockets requests leave from (IPv4 first, then IPv6 when available). */
    public List<TransportAddress> localAddresses() {
        return handle.localAddresses();
    }

    /** How many datagrams the engine dropped, by reason (read on the driver thread). */
    public CompletableFuture<BindingClientStats> stats() {
        return handle.call(engine::stats);
    }

    private TransportAddress udpSocketFor(InetSocketAddress server) {
        return server.getAddress() instanceof Inet6Address ? udp6 : udp4;
    }

    private CompletableFuture<BindingResult> track(CompletableFuture<BindingResult> result) {
        if (closed) {
            result.completeExceptionally(new IOException("STUN client is closed"));
            return result;
        }
        pending.add(result);
        result.whenComplete((r, e) -> pending.remove(result));
        return result;
    }

    private void send(BindingRequest request, String tlsHost, CompletableFuture<BindingResult> result) {
        if (result.isDone()) {
            return;
        }
        if (!request.transport().isStream()) {
            BindingRequest r = request;
            if (r.source() == null) {
                TransportAddress local = udpSocketFor(r.destination());
                if (local == null) {
                    result.completeExceptionally(new IOException("no local UDP socket for the address family of "
                            + SocketAddresses.format(r.destination())));
                    return;
                }
                r = r.from(local);
            }
            start(r, result);
            return;
        }
        if (request.source() != null) {
            result.completeExceptionally(new IllegalArgumentException(
                    "a TCP/TLS request must not name a source: the client opens its own connection"));
            return;
        }
        connectAndSend(request, List.of(request.destination()), 0, tlsHost, result);
    }

    /** Connects to the candidates in turn (a name may resolve to addresses that do not answer), then sends. */
    private void connectAndSend(BindingRequest template, List<InetSocketAddress> candidates, int index,
            String tlsHost, CompletableFuture<BindingResult> result) {
        if (result.isDone()) {
            return;
        }
        InetSocketAddress server = candidates.get(index);
        CompletableFuture<TransportAddress> connected;
        try {
            connected = template.transport() == Transport.TLS
                    ? handle.connectTls(server, tlsContext(), tlsHost)
                    : handle.connect(server);
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
            return;
        }
        connected.whenComplete((local, error) -> {
            if (error != null) {
                if (index + 1 < candidates.size() && !closed) {
                    LOG.debug("connecting to {} failed, trying the next address", server, error);
                    connectAndSend(template, candidates, index + 1, tlsHost, result);
                } else {
                    result.completeExceptionally(unwrap(error));
                }
                return;
            }
            // One connection per request: closed when the request ends, however it ends.
            result.whenComplete((r, e) -> handle.disconnect(local, server));
            BindingRequest request = new BindingRequest(server, template.transport(), local, template.attributes(),
                    template.fingerprint(), template.tag());
            start(request, result);
        });
    }

    private void start(BindingRequest request, CompletableFuture<BindingResult> result) {
        handle.call(() -> {
            if (result.isDone()) {
                return null;
            }
            if (request.transport().isStream() && !engine.isConnectionOpen(request.source(), request.destination())) {
                // It closed between the connect and now; a request sent on it would only wait for Ti.
                throw new IOException("connection to " + SocketAddresses.format(request.destination())
                        + " closed before the request was sent");
            }
            TransactionId id = engine.start(request, NioDriver.now());
            inFlight.put(id, result);
            return id;
        }).whenComplete((id, error) -> {
            if (error != null) {
                result.completeExceptionally(unwrap(error));
            } else if (id != null) {
                result.whenComplete((r, e) -> {
                    if (result.isCancelled() && inFlight.remove(id) != null) {
                        handle.execute(() -> engine.cancel(id));
                    }
                });
            }
        });
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

    private void onEvent(BindingEvent event) {
        CompletableFuture<BindingResult> f = inFlight.remove(event.transactionId());
        if (f == null) {
            return; // cancelled meanwhile
        }
        if (event instanceof BindingResult r) {
            f.complete(r);
        } else {
            f.completeExceptionally(new BindingFailedException(event));
        }
    }

    private static Throwable unwrap(Throwable t) {
        while (t instanceof CompletionException || t instanceof ExecutionException) {
            if (t.getCause() == null) {
                break;
            }
            t = t.getCause();
        }
        return t;
    }

    /**
     * Closes the sockets and connections, fails every outstanding future with an {@link IOException}, and stops the
     * driver thread if the client started it. Idempotent.
     */
    @Override
    public void close() {
        closed = true;
        handle.close();
        if (ownsDriver) {
            driver.close();
        }
        IOException closedException = new IOException("STUN client is closed");
        for (CompletableFuture<BindingResult> f : List.copyOf(pending)) {
            f.completeExceptionally(closedException);
        }
        inFlight.clear();
    }

    @Override
    public String toString() {
        return "StunClient" + handle.localAddresses();
    }

    /**
     * Settings of a {@link StunClient}.
     *
     * <pre>{@code
     * StunClient client = StunClient.builder()
     *         .localAddress(new InetSocketAddress("192.0.2.10", 0))
     *         .policy(new RetransmissionPolicy(Duration.ofMillis(200), 5, 8, Duration.ofSeconds(10)))
     *         .executor(myExecutor)
     *         .build();
     * }</pre>
     */
    public static final class Builder {
        private InetSocketAddress localAddress;
        private RetransmissionPolicy policy = RetransmissionPolicy.DEFAULT;
        private Executor executor = ForkJoinPool.commonPool();
        private SSLContext sslContext;
        private NioDriver driver;
        private int maxOutstanding = 256;

        private Builder() {}

        /**
         * The one UDP socket to send from (port 0: any free port). Default: {@code 0.0.0.0:0} plus {@code [::]:0}
         * when the host has IPv6. With an address of one family, servers of the other are reachable over TCP/TLS
         * only.
         */
        public Builder localAddress(InetSocketAddress bind) {
            Objects.requireNonNull(bind, "bind");
            if (bind.isUnresolved()) {
                throw new IllegalArgumentException("unresolved local address: " + bind);
            }
            this.localAddress = bind;
            return this;
        }

        /** Retransmission timers; default {@link RetransmissionPolicy#DEFAULT} (RFC 8489). */
        public Builder policy(RetransmissionPolicy retransmission) {
            this.policy = Objects.requireNonNull(retransmission, "retransmission");
            return this;
        }

        /** Where futures complete and host names are resolved; default the common fork-join pool. */
        public Builder executor(Executor callbacks) {
            this.executor = Objects.requireNonNull(callbacks, "callbacks");
            return this;
        }

        /** The client TLS context for {@code stuns:} (e.g. one trusting a private CA); default the JDK's. */
        public Builder sslContext(SSLContext tls) {
            this.sslContext = Objects.requireNonNull(tls, "tls");
            return this;
        }

        /**
         * Runs on a shared driver instead of starting one; {@link StunClient#close()} then leaves the driver running.
         */
        public Builder driver(NioDriver shared) {
            this.driver = Objects.requireNonNull(shared, "shared");
            return this;
        }

        /** Cap on requests outstanding at once; default 256. */
        public Builder maxOutstanding(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxOutstanding must be at least 1");
            }
            this.maxOutstanding = max;
            return this;
        }

        /**
         * Opens the sockets and starts the client.
         *
         * @throws IOException when the local address cannot be bound
         */
        public StunClient build() throws IOException {
            return new StunClient(this);
        }
    }
}
