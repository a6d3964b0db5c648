package dev.nat4j.turn.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import dev.nat4j.turn.server.TurnServer;

/**
 * Real sockets against the project's relay: a 300 (Try Alternate) followed over UDP and over TCP (a new connection to
 * the alternate server), and an allocation over IPv6 loopback.
 */
class TurnClientRedirectAndIpv6IT {
    private static final String USER = "carol";
    private static final String PASSWORD = "redirected";

    private static TurnServer server(InetSocketAddress listen, InetSocketAddress alternate) {
        TurnServer.Builder b = TurnServer.builder().listen(listen).relayIp(listen.getAddress()).realm("nat4j.redirect")
                .user(USER, PASSWORD).allowPeer(listen.getAddress() instanceof java.net.Inet6Address
                        ? "::1/128" : "127.0.0.0/8");
        if (alternate != null) {
            b.alternateServer(alternate);
        }
        return b.start();
    }

    /** A port free for both UDP and TCP, so the alternate server answers on one address for both transports. */
    private static int freePort(InetAddress host) throws IOException {
        for (int tries = 0; tries < 200; tries++) {
            int p = ThreadLocalRandom.current().nextInt(20_000, 39_000);
            try (ServerSocket t = new ServerSocket(p, 1, host);
                    DatagramSocket u = new DatagramSocket(new InetSocketAddress(host, p))) {
                return p;
            } catch (IOException taken) {
                // another
            }
        }
        throw new IOException("no free port");
    }

    private static void redirectedOver(String query) throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        InetSocketAddress target = new InetSocketAddress(loopback, freePort(loopback));
        InetSocketAddress first = new InetSocketAddress(loopback, freePort(loopback));
        try (TurnServer b = server(target, null); TurnServer a = server(first, target);
                TurnClient turn = TurnClient.builder().server("turn:127.0.0.1:" + first.getPort() + query)
                        .credentials(USER, PASSWORD).build();
                EchoPeer peer = new EchoPeer()) {
            RelayEndpoint relay = turn.allocate().get(15, TimeUnit.SECONDS);
            assertEquals(target, relay.server());
            relay.send(peer.address(), "after redirect".getBytes(StandardCharsets.UTF_8));
            RelayedPacket echoed = relay.receive(Duration.ofSeconds(5));
            assertNotNull(echoed);
            assertEquals("after redirect", RelayRoundTrips.text(echoed));
            relay.close();
        }
    }

    @Test
    void tryAlternateIsFollowedOverUdp() throws Exception {
        redirectedOver("");
    }

    @Test
    void tryAlternateIsFollowedOverTcpWithANewConnection() throws Exception {
        redirectedOver("?transport=tcp");
    }

    @Test
    void ipv6LoopbackRoundTrips() throws Exception {
        InetAddress v6 = InetAddress.getByName("::1");
        boolean hasIpv6;
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(v6, 0))) {
            hasIpv6 = true;
        } catch (IOException e) {
            hasIpv6 = false;
        }
        Assumptions.assumeTrue(hasIpv6, "no IPv6 loopback on this host");
        try (TurnServer s = server(new InetSocketAddress(v6, freePort(v6)), null)) {
            int port = s.localAddresses().get(0).port();
            // Without REQUESTED-ADDRESS-FAMILY a server relays over IPv4 (RFC 8656 §7.2); this one has only ::1.
            RelayRoundTrips.run(TurnClient.builder().server("turn:[::1]:" + port).credentials(USER, PASSWORD)
                    .requestedFamily(2), v6);
            RelayRoundTrips.run(TurnClient.builder().server("turn:[::1]:" + port + "?transport=tcp")
                    .credentials(USER, PASSWORD).requestedFamily(2), v6);
        }
    }
}
