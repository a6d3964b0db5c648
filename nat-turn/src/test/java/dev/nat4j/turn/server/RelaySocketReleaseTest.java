package dev.nat4j.turn.server;

import static dev.nat4j.turn.server.Harness.code;
import static dev.nat4j.turn.server.TurnServerLoopbackTest.ask;
import static dev.nat4j.turn.server.TurnServerLoopbackTest.udp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.nat4j.stun.StunMessage;
import dev.nat4j.stun.StunMethod;
import dev.nat4j.stun.attribute.Lifetime;
import dev.nat4j.stun.attribute.Nonce;
import dev.nat4j.stun.attribute.RequestedTransport;
import dev.nat4j.stun.attribute.XorRelayedAddress;

/**
 * Relay sockets go back to the system when their allocation ends, by Refresh(0) or by expiry: on real loopback sockets
 * the relay ports can be bound again by someone else, and the server holds no more sockets than before.
 */
@Timeout(60)
class RelaySocketReleaseTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final int MIN_PORT = 46000;
    private static final int MAX_PORT = 46015;
    private static final int PER_ROUND = 6;

    /** A client socket with its allocation. */
    private record Client(DatagramSocket socket, String nonce, int relayPort) { }

    @Test
    void deletedAndExpiredAllocationsCloseTheirRelaySockets() throws Exception {
        try (TurnServer server = TurnServer.builder()
                .listen(new InetSocketAddress(LOOPBACK, 0)).relayIp(LOOPBACK).relayPorts(MIN_PORT, MAX_PORT)
                .realm("release").user("alice", "pw").quotas(100, 100, 100)
                // Every client here is 127.0.0.1: the per-IP limit on 401 challenges would throttle the test.
                .unauthenticatedRepliesPerSecond(0)
                // Short lifetimes so that expiry can be watched: asking for less gets the default.
                .lifetimes(Duration.ofSeconds(1), Duration.ofSeconds(3600))
                .eventListener(e -> { }).start()) {
            InetSocketAddress turn = udp(server);
            int baseline = server.socketCount();
            assertEquals(server.localAddresses().size(), baseline, "only the listeners before any allocation");

            // Round 1: half are deleted by their clients, half expire.
            List<Client> clients = allocate(turn, PER_ROUND, 3600);
            assertEquals(baseline + PER_ROUND, server.socketCount());
            for (Client c : clients) {
                assertBound(c.relayPort());
            }
            List<Client> deleted = clients.subList(0, PER_ROUND / 2);
            for (Client c : deleted) {
                assertEquals(0, code(ask(c.socket(), turn, TestMessage.request(StunMethod.REFRESH)
                        .add(new Lifetime(0)).auth("alice", "release", c.nonce(), "pw").build())));
            }
            // stats() runs on the driver thread, after the I/O rounds that handled the Refresh requests.
            assertEquals(PER_ROUND - deleted.size(), server.stats().allocations());
            for (Client c : deleted) {
                assertFree(c.relayPort());
            }
            assertEquals(baseline + PER_ROUND - deleted.size(), server.socketCount());
            close(deleted);

            // The others were granted 3600 s; let them lapse by refreshing them down to the 1 s default.
            List<Client> expiring = clients.subList(PER_ROUND / 2, PER_ROUND);
            for (Client c : expiring) {
                assertEquals(0, code(ask(c.socket(), turn, TestMessage.request(StunMethod.REFRESH)
                        .add(new Lifetime(1)).auth("alice", "release", c.nonce(), "pw").build())));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (server.stats().allocations() > 0) {
                if (System.nanoTime() > deadline) {
                    fail("allocations did not expire within 10 s");
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
            for (Client c : expiring) {
                assertFree(c.relayPort());
            }
            assertEquals(baseline, server.socketCount(), "every relay socket closed");
            close(expiring);

            // Rounds 2 and 3 need more ports than the range has unless released ones are bound again.
            Set<Integer> used = new HashSet<>();
            for (int round = 0; round < 2; round++) {
                List<Client> more = allocate(turn, PER_ROUND, 3600);
                assertEquals(baseline + PER_ROUND, server.socketCount());
                for (Client c : more) {
                    used.add(c.relayPort());
                    assertEquals(0, code(ask(c.socket(), turn, TestMessage.request(StunMethod.REFRESH)
                            .add(new Lifetime(0)).auth("alice", "release", c.nonce(), "pw").build())));
                }
                assertEquals(0, server.stats().allocations());
                for (Client c : more) {
                    assertFree(c.relayPort());
                }
                assertEquals(baseline, server.socketCount());
                close(more);
            }
            assertEquals(2 * PER_ROUND, used.size());
        }
    }

    private static List<Client> allocate(InetSocketAddress turn, int count, long lifetime) throws IOException {
        List<Client> clients = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            DatagramSocket socket = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
            socket.setSoTimeout(5000);
            String nonce = ask(socket, turn, TestMessage.request(StunMethod.ALLOCATE).add(RequestedTransport.udp())
                    .build()).get(Nonce.TYPE).value();
            StunMessage ok = ask(socket, turn, TestMessage.request(StunMethod.ALLOCATE)
                    .add(RequestedTransport.udp(), new Lifetime(lifetime)).auth("alice", "release", nonce, "pw")
                    .build());
            assertEquals(0, code(ok));
            int port = ok.get(XorRelayedAddress.TYPE).address().getPort();
            assertTrue(port >= MIN_PORT && port <= MAX_PORT);
            clients.add(new Client(socket, nonce, port));
        }
        return clients;
    }

    private static void close(List<Client> clients) {
        for (Client c : clients) {
            c.socket().close();
        }
    }

    private static void assertBound(int port) {
        assertFalse(canBind(port), "relay port " + port + " is held by the server");
    }

    private static void assertFree(int port) {
        assertTrue(canBind(port), "relay port " + port + " was let go");
    }

    private static boolean canBind(int port) {
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(LOOPBACK, port))) {
            return probe.getLocalPort() == port;
        } catch (SocketException e) {
            return false;
        }
    }
}
