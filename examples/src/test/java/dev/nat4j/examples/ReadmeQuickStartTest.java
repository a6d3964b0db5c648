package dev.nat4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import dev.nat4j.core.SocketAddresses;
import dev.nat4j.core.Transport;
import dev.nat4j.stun.client.BindingResult;
import dev.nat4j.stun.client.StunClient;
import dev.nat4j.stun.client.StunUri;
import dev.nat4j.stun.discovery.NatCheck;
import dev.nat4j.stun.discovery.NatReport;
import dev.nat4j.stun.discovery.NatType;
import dev.nat4j.stun.server.StunServer;
import dev.nat4j.turn.client.RelayEndpoint;
import dev.nat4j.turn.client.RelayedPacket;
import dev.nat4j.turn.client.TurnClient;
import dev.nat4j.turn.server.TurnServer;

/** The README's quick start, run for real against a loopback server, so the README cannot drift from the API. */
class ReadmeQuickStartTest {

    @Test
    void theQuickStartSnippetsWork() throws Exception {
        try (StunServer server = StunServer.builder()
                .listen(SocketAddresses.parse("127.0.0.1:0"))
                .alternate(SocketAddresses.parse("127.0.0.2:0"))
                .start()) {
            InetSocketAddress where = server.localAddress(Transport.UDP).socketAddress();
            String uri = "stun:" + SocketAddresses.format(where);

            // --- README: "Your public address" ---
            try (StunClient client = StunClient.builder().build()) {
                BindingResult r = client.binding(StunUri.parse(uri)).get();
                System.out.println("public address " + r.mappedAddress() + ", rtt " + r.rtt());
                assertEquals(where.getAddress(), r.responseSource().getAddress());
            }

            // --- README: "What NAT am I behind?" ---
            NatReport report = NatCheck.builder(where).build().run().get();
            System.out.println(report.mappedAddress() + ": " + report.natType().displayName());
            assertEquals(NatType.OPEN_INTERNET, report.natType());
        }
    }

    @Test
    void theTurnSnippetsWork() throws Exception {
        try (DatagramSocket echo = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            echo.setSoTimeout(5000);
            Thread echoThread = new Thread(() -> {
                try {
                    DatagramPacket p = new DatagramPacket(new byte[1500], 1500);
                    echo.receive(p);
                    echo.send(new DatagramPacket(p.getData(), p.getLength(), p.getSocketAddress()));
                } catch (java.io.IOException ignored) {
                    // the assertion below reports the missing echo
                }
            });
            echoThread.start();
            InetSocketAddress peer = (InetSocketAddress) echo.getLocalSocketAddress();

            // --- README: "A TURN relay inside your application" (loopback peers must be allowed explicitly) ---
            try (TurnServer relayServer = TurnServer.builder()
                    .listen(SocketAddresses.parse("127.0.0.1:0"))
                    .relayIp(InetAddress.getByName("127.0.0.1"))
                    .realm("example.org").user("alice", "s3cret")
                    .allowPeer("127.0.0.0/8")
                    .start()) {
                InetSocketAddress where = relayServer.localAddresses().stream()
                        .filter(a -> a.transport() == Transport.UDP).findFirst().orElseThrow().socketAddress();

                // --- README: "Relaying through TURN" ---
                try (TurnClient turn = TurnClient.builder()
                        .server("turn:" + SocketAddresses.format(where))
                        .credentials("alice", "s3cret").build();
                        RelayEndpoint relay = turn.allocate().get()) {
                    System.out.println("relayed address " + relay.relayedAddress());
                    relay.send(peer, "hello".getBytes(StandardCharsets.UTF_8));
                    RelayedPacket reply = relay.receive(Duration.ofSeconds(5));
                    assertEquals("hello", StandardCharsets.UTF_8.decode(reply.data()).toString());
                    assertEquals(peer, reply.peer());
                }
            }
            echoThread.join(5000);
        }
    }

    @Test
    void theReadmeShowsTheseSnippets() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        assertTrue(readme.contains("client.binding(StunUri.parse(\"stun:stun.example.org\")).get()"));
        assertTrue(readme.contains("NatCheck.builder(new InetSocketAddress(\"stun.example.org\", 3478))"));
        assertTrue(readme.contains("StunServer.builder()"));
        assertTrue(readme.contains(".credentials(\"alice\", \"s3cret\").build();"));
        assertTrue(readme.contains("TurnServer.builder()"));
    }
}
