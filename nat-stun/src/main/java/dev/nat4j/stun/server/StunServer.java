package dev.nat4j.stun.server;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import dev.nat4j.core.SocketAddresses;
import dev.nat4j.core.Transport;
import dev.nat4j.core.TransportAddress;
import dev.nat4j.core.driver.DriverConfig;
import dev.nat4j.core.driver.EngineHandle;
import dev.nat4j.core.driver.NioDriver;
import dev.nat4j.core.driver.SocketSpec;

/**
 * A running STUN server: a {@link StunServerEngine} on real UDP sockets and TCP listeners, driven by a
 * {@link NioDriver}. It answers Binding requests over IPv4 and IPv6; given an alternate address it also supports NAT
 * behaviour discovery (RFC 5780).
 *
 * <pre>{@code
 * try (StunServer server = StunServer.builder().listen(SocketAddresses.parse("0.0.0.0:3478")).start()) {
 *     System.out.println("STUN on " + server.localAddresses());   // udp:0.0.0.0:3478, tcp:0.0.0.0:3478
 * }
 * }</pre>
 *
 * <p>Each listen address gets a UDP socket and a TCP listener on the same port; port 0 picks one free for both. With
 * {@link Builder#alternate(InetSocketAddress)} the first listen address is A1:P1 and the alternate A2:P2, and the
 * server binds all four combinations (A1:P1, A2:P1, A1:P2, A2:P2) for UDP and for TCP, as RFC 5780 §6 asks; both IPs
 * must then be specific addresses of this host.
 *
 * <p>Answers are small by default (no SOFTWARE, no MAPPED-ADDRESS outside RFC 5780) to limit what a spoofed request
 * can reflect; see {@link StunServerEngine} for exactly what is answered and what is dropped.
 */
public final class StunServer implements AutoCloseable {
    /** The port STUN uses when none is given (RFC 8489 §18.4). */
    public static final int DEFAULT_PORT = 3478;
    /** Bind retries when a port picked for port 0 is taken before the driver binds it. */
    private static final int BIND_ATTEMPTS = 8;

    private final StunServerEngine engine;
    private final EngineHandle<Void> handle;
    private final NioDriver driver;
    private final boolean ownsDriver;

    private StunServer(StunServerEngine engine, EngineHandle<Void> handle, NioDriver driver, boolean ownsDriver) {
        this.engine = engine;
        this.handle = handle;
        this.driver = driver;
        this.ownsDriver = ownsDriver;
    }

    /** A builder; at least one {@link Builder#listen(InetSocketAddress)} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Every bound UDP socket and TCP listener, with the real ports (port 0 resolved), in the order they were opened. */
    public List<TransportAddress> localAddresses() {
        return handle.localAddresses();
    }

    /**
     * The first bound address over {@code transport}: the primary address (A1:P1 in RFC 5780 mode).
     *
     * @throws IllegalStateException when the server has no socket of that transport
     */
    public TransportAddress localAddress(Transport transport) {
        for (TransportAddress a : handle.localAddresses()) {
            if (a.transport() == transport) {
                return a;
            }
        }
        throw new IllegalStateException("no " + transport + " socket");
    }

    /** The RFC 5780 addresses (with real ports), or {@code null} when the server has no alternate. */
    public Rfc5780Addresses rfc5780() {
        return engine.config().rfc5780();
    }

    /** What the engine answers with. */
    public StunServerConfig config() {
        return engine.config();
    }

    /** A snapshot of the counters: answers sent and datagrams dropped, by reason. */
    public StunServerStats stats() {
        return engine.stats();
    }

    /** True until {@link #close()}. */
    public boolean isOpen() {
        return handle.isOpen();
    }

    /** Closes the sockets, and the driver when the server started its own. Idempotent. */
    @Override
    public void close() {
        handle.close();
        if (ownsDriver) {
            driver.close();
        }
    }

    @Override
    public String toString() {
        return "StunServer" + localAddresses();
    }

    /**
     * Settings for {@link StunServer#start()}.
     *
     * <pre>{@code
     * StunServer server = StunServer.builder()
     *         .listen(SocketAddresses.parse("192.0.2.1:3478"))
     *         .alternate(SocketAddresses.parse("192.0.2.2:3479"))
     *         .start();
     * }</pre>
     */
    public static final class Builder {
        private final List<InetSocketAddress> listen = new ArrayList<>();
        private InetSocketAddress alternate;
        private StunServerConfig config = StunServerConfig.defaults();
        private boolean udp = true;
        private boolean tcp = true;
        private NioDriver driver;

        private Builder() {}

        /** Adds an address to listen on (UDP and TCP); port 0 picks a free one. The first is the primary. */
        public Builder listen(InetSocketAddress address) {
            Objects.requireNonNull(address, "address");
            if (address.isUnresolved()) {
                throw new IllegalArgumentException("unresolved listen address: " + address);
            }
            listen.add(address);
            return this;
        }

        /**
         * Turns on RFC 5780 with {@code address} as A2:P2: another IP of this host (same family as the first listen
         * address) and another port; port 0 picks one.
         */
        public Builder alternate(InetSocketAddress address) {
            Objects.requireNonNull(address, "address");
            if (address.isUnresolved()) {
                throw new IllegalArgumentException("unresolved alternate address: " + address);
            }
            this.alternate = address;
            return this;
        }

        /**
         * The answer settings (SOFTWARE, MAPPED-ADDRESS, RESPONSE-PORT, PADDING cap). Its {@code rfc5780} is replaced
         * by what {@link #alternate(InetSocketAddress)} sets up, with the real ports.
         */
        public Builder config(StunServerConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /** Adds SOFTWARE {@code text} to every answer ({@code null}: none, the default). */
        public Builder software(String text) {
            this.config = config.withSoftware(text);
            return this;
        }

        /** Whether to open UDP sockets (default true). */
        public Builder udp(boolean on) {
            this.udp = on;
            return this;
        }

        /** Whether to open TCP listeners (default true). */
        public Builder tcp(boolean on) {
            this.tcp = on;
            return this;
        }

        /** Runs on {@code shared} instead of a driver of its own; {@link StunServer#close()} then leaves it open. */
        public Builder driver(NioDriver shared) {
            this.driver = Objects.requireNonNull(shared, "shared");
            return this;
        }

        /**
         * Binds the sockets and starts answering.
         *
         * @throws IOException when a socket cannot be bound (address not local, port taken)
         * @throws IllegalArgumentException when the settings contradict each other
         */
        public StunServer start() throws IOException {
            if (listen.isEmpty()) {
                throw new IllegalArgumentException("no listen address");
            }
            if (!udp && !tcp) {
                throw new IllegalArgumentException("neither UDP nor TCP");
            }
            if (alternate != null) {
                InetSocketAddress primary = listen.get(0);
                if (primary.getAddress().isAnyLocalAddress() || alternate.getAddress().isAnyLocalAddress()) {
                    throw new IllegalArgumentException("RFC 5780 needs two specific IP addresses, not a wildcard");
                }
                if (primary.getAddress().equals(alternate.getAddress())) {
                    throw new IllegalArgumentException("the alternate needs another IP address than "
                            + SocketAddresses.formatIp(primary.getAddress()));
                }
                if (primary.getPort() != 0 && primary.getPort() == alternate.getPort()) {
                    throw new IllegalArgumentException("the alternate needs another port than " + primary.getPort());
                }
            }
            boolean ownsDriver = driver == null;
            NioDriver d = ownsDriver ? NioDriver.start(DriverConfig.defaults().withThreadName("nat4j-stun-server"))
                    : driver;
            try {
                return bind(d, ownsDriver);
            } catch (IOException | RuntimeException e) {
                if (ownsDriver) {
                    d.close();
                }
                throw e;
            }
        }

        private StunServer bind(NioDriver d, boolean ownsDriver) throws IOException {
            boolean anyPicked = listen.stream().anyMatch(a -> a.getPort() == 0)
                    || (alternate != null && alternate.getPort() == 0);
            for (int attempt = 1; ; attempt++) {
                Plan plan = plan();
                StunServerEngine engine = new StunServerEngine(config.withRfc5780(plan.rfc5780));
                try {
                    EngineHandle<Void> handle = d.register(engine, plan.sockets, Runnable::run, event -> { });
                    return new StunServer(engine, handle, d, ownsDriver);
                } catch (BindException e) {
                    if (!anyPicked || attempt == BIND_ATTEMPTS) {
                        throw e;
                    }
                    // a port we picked was taken before the driver bound it: pick again
                }
            }
        }

        /** The sockets to open and the RFC 5780 addresses, with every port 0 replaced by a free port. */
        private Plan plan() throws IOException {
            List<SocketSpec> sockets = new ArrayList<>();
            Rfc5780Addresses rfc5780 = null;
            int first = 0;
            if (alternate != null) {
                InetSocketAddress primary = listen.get(0);
                List<InetAddress> both = List.of(primary.getAddress(), alternate.getAddress());
                Set<Integer> taken = new HashSet<>();
                int p1 = primary.getPort() != 0 ? primary.getPort() : PortPicker.freeOnAll(both, udp, tcp, Set.of(
                        alternate.getPort()));
                taken.add(p1);
                int p2 = alternate.getPort() != 0 ? alternate.getPort() : PortPicker.freeOnAll(both, udp, tcp, taken);
                rfc5780 = new Rfc5780Addresses(new InetSocketAddress(primary.getAddress(), p1),
                        new InetSocketAddress(alternate.getAddress(), p2));
                for (InetSocketAddress a : rfc5780.all()) {
                    add(sockets, a);
                }
                first = 1;
            }
            for (InetSocketAddress a : listen.subList(first, listen.size())) {
                int port = a.getPort() != 0 ? a.getPort()
                        : udp && tcp ? PortPicker.freeOnAll(List.of(a.getAddress()), true, true, Set.of()) : 0;
                add(sockets, new InetSocketAddress(a.getAddress(), port));
            }
            // UDP first, so that the first local address (and the driver's default source) is UDP A1:P1.
            List<SocketSpec> ordered = new ArrayList<>();
            sockets.stream().filter(s -> s.transport() == Transport.UDP).forEach(ordered::add);
            sockets.stream().filter(s -> s.transport() != Transport.UDP).forEach(ordered::add);
            return new Plan(ordered, rfc5780);
        }

        private void add(List<SocketSpec> sockets, InetSocketAddress a) {
            if (udp) {
                sockets.add(SocketSpec.udp(a));
            }
            if (tcp) {
                sockets.add(SocketSpec.tcp(a));
            }
        }

        private record Plan(List<SocketSpec> sockets, Rfc5780Addresses rfc5780) {
        }
    }
}
