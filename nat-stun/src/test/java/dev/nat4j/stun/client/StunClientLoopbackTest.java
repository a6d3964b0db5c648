package dev.nat4j.stun.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.nat4j.core.Transport;
import dev.nat4j.core.TransportAddress;
import dev.nat4j.core.driver.EngineHandle;
import dev.nat4j.core.driver.NioDriver;
import dev.nat4j.core.driver.SocketSpec;
import dev.nat4j.core.testing.TestTls;
import dev.nat4j.stun.StunMessage;
import dev.nat4j.stun.TransactionId;
import dev.nat4j.stun.attribute.ChangeRequest;
import dev.nat4j.stun.server.StunServer;
import dev.nat4j.stun.server.StunServerConfig;
import dev.nat4j.stun.server.StunServerEngine;
import dev.nat4j.stun.transaction.RetransmissionPolicy;

/** {@link StunClient} against the project's STUN server on real loopback sockets: UDP, TCP, TLS, IPv4, IPv6. */
class StunClientLoopbackTest {
    private static final long WAIT_SECONDS = 20;
    /** Fast timers for the tests that wait for a timeout: sends at 0, 50, 150, 350 ms; timeout at 550 ms. */
    private static final RetransmissionPolicy FAST =
            new RetransmissionPolicy(Duration.ofMillis(50), 4, 4, Duration.ofSeconds(2));

    @TempDir
    static Path dir;

    private static StunServer server4;
    private static StunServer server6;
    private static NioDriver tlsDriver;
    private static EngineHandle<Void> tlsServer;
    private static TestTls tls;
    private static StunClient client;

    @BeforeAll
    static void start() throws Exception {
        server4 = StunServer.builder().listen(new InetSocketAddress(Loopback.v4(), 0)).start();
        if (Loopback.hasIpv6()) {
            server6 = StunServer.builder().listen(new InetSocketAddress(Loopback.v6(), 0)).start();
        }
        tls = TestTls.create(dir);
        // The project's server engine behind the driver's TLS listener (StunServer itself has no TLS option).
        tlsDriver = NioDriver.start();
        List<SocketSpec> listeners = new ArrayList<>();
        listeners.add(SocketSpec.tls(new InetSocketAddress(Loopback.v4(), 0), tls.serverContext()));
        if (Loopback.hasIpv6()) {
            listeners.add(SocketSpec.tls(new InetSocketAddress(Loopback.v6(), 0), tls.serverContext()));
        }
        tlsServer = tlsDriver.register(new StunServerEngine(StunServerConfig.defaults()), listeners, e -> { });
        client = StunClient.builder().sslContext(tls.clientContext()).build();
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (tlsDriver != null) {
            tlsDriver.close();
        }
        if (server4 != null) {
            server4.close();
        }
        if (server6 != null) {
            server6.close();
        }
    }

    private static InetSocketAddress address(StunServer server, Transport transport) {
        return server.localAddress(transport).socketAddress();
    }

    private static InetSocketAddress tlsAddress(boolean ipv6) {
        for (TransportAddress a : tlsServer.localAddresses()) {
            if (a.isIpv6() == ipv6) {
                return a.socketAddress();
            }
        }
        throw new IllegalStateException("no TLS listener");
    }

    private static int clientUdpPort(boolean ipv6) {
        for (TransportAddress a : client.localAddresses()) {
            if (a.isIpv6() == ipv6) {
                return a.port();
            }
        }
        throw new IllegalStateException("client has no UDP socket for ipv6=" + ipv6);
    }

    private static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    private static Throwable failure(CompletableFuture<?> f) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(WAIT_SECONDS, TimeUnit.SECONDS));
        return e.getCause();
    }

    private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
        for (int depth = 0; t != null && depth < 10; depth++, t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void udpOverIpv4() throws Exception {
        InetSocketAddress server = address(server4, Transport.UDP);
        BindingResult r = await(client.binding(server));
        assertEquals(new InetSocketAddress(Loopback.v4(), clientUdpPort(false)), r.mappedAddress());
        assertTrue(r.xorMapped());
        assertEquals(server, r.responseSource());
        assertEquals(Transport.UDP, r.local().transport());
        assertEquals(clientUdpPort(false), r.local().port());
        assertTrue(r.rtt().toNanos() > 0);
    }

    @Test
    void udpOverIpv6() throws Exception {
        Assumptions.assumeTrue(server6 != null, "no IPv6 loopback on this host");
        InetSocketAddress server = address(server6, Transport.UDP);
        BindingResult r = await(client.binding(server));
        assertEquals(new InetSocketAddress(Loopback.v6(), clientUdpPort(true)), r.mappedAddress());
        assertEquals(server, r.responseSource());
    }

    @Test
    void tcpOverIpv4AndIpv6() throws Exception {
        List<StunServer> servers = new ArrayList<>(List.of(server4));
        if (server6 != null) {
            servers.add(server6);
        }
        for (StunServer s : servers) {
            InetSocketAddress server = address(s, Transport.TCP);
            BindingResult r = await(client.binding(server, Transport.TCP));
            assertEquals(Transport.TCP, r.local().transport());
            assertEquals(server.getAddress(), r.mappedAddress().getAddress());
            assertEquals(r.local().port(), r.mappedAddress().getPort(), "mapped = the connection's local end");
            assertEquals(server, r.responseSource());
        }
    }

    @Test
    void tlsWithAnIpLiteralAndWithAHostName() throws Exception {
        InetSocketAddress server = tlsAddress(false);
        BindingResult r = await(client.binding(StunUri.parse("stuns:127.0.0.1:" + server.getPort())));
        assertEquals(Transport.TLS, r.local().transport());
        assertEquals(new InetSocketAddress(Loopback.v4(), r.local().port()), r.mappedAddress());

        // "localhost" may resolve to ::1 first, where this port may be closed: the client tries the next address.
        BindingResult byName = await(client.binding(StunUri.parse("stuns:localhost:" + server.getPort())));
        assertEquals(Transport.TLS, byName.local().transport());
    }

    @Test
    void tlsOverIpv6() throws Exception {
        Assumptions.assumeTrue(Loopback.hasIpv6(), "no IPv6 loopback on this host");
        InetSocketAddress server = tlsAddress(true);
        BindingResult r = await(client.binding(StunUri.parse("stuns:[::1]:" + server.getPort())));
        assertEquals(new InetSocketAddress(Loopback.v6(), r.local().port()), r.mappedAddress());
    }

    @Test
    void tlsRejectsAnUntrustedCertificate() throws Exception {
        try (StunClient defaultTrust = StunClient.builder().build()) {
            CompletableFuture<BindingResult> f = defaultTrust.binding(
                    StunUri.parse("stuns:127.0.0.1:" + tlsAddress(false).getPort()));
            Throwable cause = failure(f);
            assertInstanceOf(IOException.class, cause);
            assertFalse(cause instanceof BindingFailedException, String.valueOf(cause));
            assertTrue(causedBy(cause, SSLException.class) || String.valueOf(cause).contains("SSLHandshakeException"),
                    "a TLS handshake failure: " + cause);
        }
    }

    @Test
    void aHostNameIsResolvedWhenUsed() throws Exception {
        InetAddress first = InetAddress.getAllByName("localhost")[0];
        Assumptions.assumeTrue(first instanceof Inet4Address, "localhost resolves to IPv6 first here");
        int port = address(server4, Transport.UDP).getPort();
        BindingResult r = await(client.binding(StunUri.parse("stun:localhost:" + port)));
        assertEquals(clientUdpPort(false), r.mappedAddress().getPort());
        BindingResult blocking = client.bindingBlocking(StunUri.parse("localhost:" + port));
        assertEquals(r.mappedAddress(), blocking.mappedAddress());
    }

    @Test
    void severalServersInParallelGetTheirOwnOutcomes() throws Exception {
        try (StunServer second = StunServer.builder().listen(new InetSocketAddress(Loopback.v4(), 0)).start();
                DatagramChannel silent = DatagramChannel.open().bind(new InetSocketAddress(Loopback.v4(), 0));
                StunClient fast = StunClient.builder().policy(FAST).build()) {
            InetSocketAddress a = address(server4, Transport.UDP);
            InetSocketAddress b = address(second, Transport.UDP);
            InetSocketAddress c = (InetSocketAddress) silent.getLocalAddress();
            CompletableFuture<BindingResult> fa = fast.binding(a);
            CompletableFuture<BindingResult> fb = fast.binding(b);
            CompletableFuture<BindingResult> fc = fast.binding(c);
            BindingResult ra = await(fa);
            BindingResult rb = await(fb);
            assertEquals(a, ra.server());
            assertEquals(b, rb.server());
            assertEquals(ra.mappedAddress(), rb.mappedAddress(), "one socket, one mapping");
            BindingFailedException timeout = assertInstanceOf(BindingFailedException.class, failure(fc));
            assertTrue(timeout.isTimeout());
            assertEquals(c, timeout.outcome().request().destination());
        }
    }

    @Test
    void retransmitsToASilentServerThenTimesOut() throws Exception {
        try (DatagramChannel silent = DatagramChannel.open().bind(new InetSocketAddress(Loopback.v4(), 0));
                StunClient fast = StunClient.builder().policy(FAST).build()) {
            long started = System.nanoTime();
            CompletableFuture<BindingResult> f = fast.binding((InetSocketAddress) silent.getLocalAddress());
            BindingFailedException e = assertInstanceOf(BindingFailedException.class, failure(f));
            long tookMillis = (System.nanoTime() - started) / 1_000_000;
            BindingTimeout t = assertInstanceOf(BindingTimeout.class, e.outcome());
            assertEquals(4, t.requestsSent());
            assertTrue(tookMillis >= 540, "timeout not before 550 ms: " + tookMillis);
            assertTrue(e.getMessage().contains("no response"), e.getMessage());

            silent.configureBlocking(false);
            List<ByteBuffer> received = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                ByteBuffer b = ByteBuffer.allocate(1500);
                if (silent.receive(b) == null) {
                    break;
                }
                received.add(b.flip());
            }
            assertEquals(4, received.size(), "the request and three retransmissions");
            TransactionId id = StunMessage.parse(received.get(0)).transactionId();
            for (ByteBuffer b : received) {
                assertEquals(id, StunMessage.parse(b).transactionId(), "a retransmission keeps its id");
            }
        }
    }

    @Test
    void anErrorResponseFailsTheFutureWithItsCode() throws Exception {
        // CHANGE-REQUEST to a server without RFC 5780 gets 420 (RFC 5780 §6).
        InetSocketAddress server = address(server4, Transport.UDP);
        CompletableFuture<BindingResult> f =
                client.binding(BindingRequest.to(server).with(new ChangeRequest(true, true)));
        BindingFailedException e = assertInstanceOf(BindingFailedException.class, failure(f));
        assertEquals(420, e.errorCode());
        assertInstanceOf(BindingErrorResponse.class, e.outcome());
    }

    @Test
    void aRefusedConnectionFailsWithTheNetworkError() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, Loopback.v4())) {
            closedPort = s.getLocalPort();
        }
        CompletableFuture<BindingResult> f =
                client.binding(new InetSocketAddress(Loopback.v4(), closedPort), Transport.TCP);
        Throwable cause = failure(f);
        assertInstanceOf(IOException.class, cause);
        assertFalse(cause instanceof BindingFailedException, String.valueOf(cause));
        assertTrue(causedBy(cause, ConnectException.class) || String.valueOf(cause).contains("refused"),
                "connection refused: " + cause);
    }

    @Test
    void aConnectionClosedByTheServerFailsTheRequestAtOnce() throws Exception {
        try (ServerSocket rude = new ServerSocket(0, 1, Loopback.v4())) {
            rude.setSoTimeout(10_000);
            long started = System.nanoTime();
            CompletableFuture<BindingResult> f = client.binding(
                    new InetSocketAddress(Loopback.v4(), rude.getLocalPort()), Transport.TCP);
            rude.accept().close(); // accept, then hang up without answering
            Throwable cause = failure(f);
            assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(10), "not the 39.5 s timeout");
            // The close may be seen before the request is started (the client refuses to start it) or after (the
            // engine fails the transaction); both say the connection closed.
            if (cause instanceof BindingFailedException e) {
                assertEquals("connection closed", assertInstanceOf(BindingFailure.class, e.outcome()).reason());
            } else {
                assertInstanceOf(IOException.class, cause);
                assertTrue(cause.getMessage().contains("closed"), cause.getMessage());
            }
        }
    }

    @Test
    void strayDatagramsAreDroppedAndCountedAndServiceGoesOn() throws Exception {
        BindingClientStats before = await(client.stats());
        InetSocketAddress clientSocket = new InetSocketAddress(Loopback.v4(), clientUdpPort(false));
        try (DatagramChannel attacker = DatagramChannel.open().bind(new InetSocketAddress(Loopback.v4(), 0))) {
            attacker.send(ByteBuffer.wrap(new byte[] {0, 1, 2, 3, 4, 5, 6, 7}), clientSocket);
            attacker.send(TestResponses.success(TransactionId.random(), new InetSocketAddress("6.6.6.6", 6)),
                    clientSocket);
        }
        Await.until("two drops counted", Duration.ofSeconds(10), () -> {
            BindingClientStats s = await(client.stats());
            return s.malformed() > before.malformed() && s.unmatched() > before.unmatched();
        });
        BindingResult r = await(client.binding(address(server4, Transport.UDP)));
        assertEquals(clientUdpPort(false), r.mappedAddress().getPort());
    }

    @Test
    void closeFailsWhatIsPendingAndReleasesTheSockets() throws Exception {
        StunClient closing = StunClient.builder().localAddress(new InetSocketAddress(Loopback.v4(), 0)).build();
        TransportAddress local = closing.localAddresses().get(0);
        try (DatagramChannel silent = DatagramChannel.open().bind(new InetSocketAddress(Loopback.v4(), 0))) {
            CompletableFuture<BindingResult> pending = closing.binding((InetSocketAddress) silent.getLocalAddress());
            // wait until the request is on the wire, so that close() meets an outstanding transaction
            silent.configureBlocking(false);
            Await.until("the request to arrive", Duration.ofSeconds(10),
                    () -> silent.receive(ByteBuffer.allocate(1500)) != null);
            closing.close();
            Throwable cause = failure(pending);
            assertInstanceOf(IOException.class, cause);
            assertFalse(cause instanceof BindingFailedException, String.valueOf(cause));
        }
        try (DatagramChannel reuse = DatagramChannel.open()) {
            reuse.bind(local.socketAddress()); // throws BindException if the client still held it
        }
        Throwable after = failure(closing.binding(address(server4, Transport.UDP)));
        assertNotNull(after);
        closing.close(); // idempotent
    }

    @Test
    void clientsOnASharedDriverLeaveItRunningWhenClosed() throws Exception {
        try (NioDriver shared = NioDriver.start()) {
            StunClient one = StunClient.builder().driver(shared).build();
            StunClient two = StunClient.builder().driver(shared).build();
            InetSocketAddress server = address(server4, Transport.UDP);
            BindingResult r1 = await(one.binding(server));
            BindingResult r2 = await(two.binding(server));
            assertFalse(r1.mappedAddress().equals(r2.mappedAddress()), "each client has its own socket");
            one.close();
            assertTrue(shared.isOpen());
            assertEquals(r2.mappedAddress(), await(two.binding(server)).mappedAddress());
            two.close();
        }
    }

    @Test
    void anIpv4OnlyClientRefusesIpv6ServersOverUdp() throws Exception {
        Assumptions.assumeTrue(server6 != null, "no IPv6 loopback on this host");
        try (StunClient v4only = StunClient.builder().localAddress(new InetSocketAddress(Loopback.v4(), 0)).build()) {
            Throwable cause = failure(v4only.binding(address(server6, Transport.UDP)));
            assertInstanceOf(IOException.class, cause);
            assertTrue(cause.getMessage().contains("no local UDP socket"), cause.getMessage());
        }
    }
}
