package dev.nat4j.turn.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.nat4j.core.Transport;
import dev.nat4j.core.TransportAddress;
import dev.nat4j.turn.server.TurnServer;

/** The TURN client against the project's own relay ({@link TurnServer}) on loopback, over UDP and TCP. */
class TurnClientOwnServerIT {
    private static final String USER = "bob";
    private static final String PASSWORD = "builder";
    private static TurnServer server;
    private static int port;
    private static int tcpPort;

    @BeforeAll
    static void startServer() throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        server = TurnServer.builder()
                .listen(new InetSocketAddress(loopback, 0))
                .relayIp(loopback)
                .realm("nat4j.own")
                .user(USER, PASSWORD)
                .allowPeer("127.0.0.0/8")
                .start();
        for (TransportAddress a : server.localAddresses()) {
            if (a.transport() == Transport.UDP) {
                port = a.port();
            } else if (a.transport() == Transport.TCP) {
                tcpPort = a.port(); // port 0 gives the listener its own ephemeral port
            }
        }
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void udpRoundTrips() throws Exception {
        RelayRoundTrips.run(TurnClient.builder().server("turn:127.0.0.1:" + port).credentials(USER, PASSWORD));
    }

    @Test
    void tcpRoundTrips() throws Exception {
        RelayRoundTrips.run(TurnClient.builder().server("turn:127.0.0.1:" + tcpPort + "?transport=tcp")
                .credentials(USER, PASSWORD));
    }

    @Test
    void existingAllocationOnTheSameFiveTupleIsReportedAs437() throws Exception {
        InetSocketAddress fixed;
        try (java.net.DatagramSocket probe = new java.net.DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            fixed = (InetSocketAddress) probe.getLocalSocketAddress();
        }
        // A client that vanishes without deleting its allocation: its driver stops, no Refresh 0 goes out.
        dev.nat4j.core.driver.NioDriver vanishing = dev.nat4j.core.driver.NioDriver.start();
        TurnClient first = TurnClient.builder().server("turn:127.0.0.1:" + port).credentials(USER, PASSWORD)
                .localAddress(fixed).driver(vanishing).build();
        first.allocate().get(15, TimeUnit.SECONDS);
        vanishing.close();

        try (TurnClient second = TurnClient.builder().server("turn:127.0.0.1:" + port).credentials(USER, PASSWORD)
                .localAddress(fixed).build()) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> second.allocate().get(15, TimeUnit.SECONDS));
            TurnException t = assertInstanceOf(TurnException.class, e.getCause());
            assertEquals(TurnError.Reason.ALLOCATION_MISMATCH, t.error().reason());
            assertEquals(437, t.error().code());
        }
        first.close();
    }

    @Test
    void wrongPasswordEndsInABoundedAuthenticationError() {
        try (TurnClient turn = TurnClient.builder().server("turn:127.0.0.1:" + port)
                .credentials(USER, "wrong").build()) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> turn.allocate().get(15, TimeUnit.SECONDS));
            TurnException t = assertInstanceOf(TurnException.class, e.getCause());
            assertEquals(TurnError.Reason.AUTHENTICATION, t.error().reason());
        }
    }
}
