package dev.nat4j.turn.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;

import dev.nat4j.core.Transport;
import dev.nat4j.core.TransportAddress;
import dev.nat4j.turn.client.RelayEndpoint;
import dev.nat4j.turn.client.RelayedPacket;
import dev.nat4j.turn.client.TurnClient;

/** The project's own TURN client against the project's own server, over UDP and TCP, with a UDP echo peer. */
@Timeout(60)
class TurnClientAgainstServerTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @ParameterizedTest
    @ValueSource(strings = {"udp", "tcp"})
    void allocateSendAndReceive(String transport) throws Exception {
        try (TurnServer server = TurnServer.builder().listen(new InetSocketAddress(LOOPBACK, 0)).relayIp(LOOPBACK)
                .relayPorts(44000, 44100).realm("own").user("alice", "pw").allowPeer("127.0.0.1/32")
                .eventListener(e -> { }).start();
             DatagramSocket peer = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            peer.setSoTimeout(5000);
            int port = -1;
            for (TransportAddress a : server.localAddresses()) {
                if (a.transport() == (transport.equals("udp") ? Transport.UDP : Transport.TCP)) {
                    port = a.port();
                }
            }
            try (TurnClient client = TurnClient.builder()
                    .server("turn:127.0.0.1:" + port + "?transport=" + transport)
                    .credentials("alice", "pw").build()) {
                RelayEndpoint relay = client.allocate().get(10, TimeUnit.SECONDS);
                InetSocketAddress peerAddress = (InetSocketAddress) peer.getLocalSocketAddress();
                for (int i = 0; i < 20; i++) {
                    byte[] msg = ("hello " + i).getBytes(StandardCharsets.US_ASCII);
                    // the first send may wait for the permission: retry until the peer hears it (bounded)
                    DatagramPacket p = null;
                    for (int attempt = 0; attempt < 10 && p == null; attempt++) {
                        relay.send(peerAddress, msg);
                        p = receive(peer, attempt == 9 ? 5000 : 500);
                    }
                    assertNotNull(p, "peer never heard message " + i);
                    assertArrayEquals(msg, Arrays.copyOf(p.getData(), p.getLength()));
                    assertEquals(relay.relayedAddress(), p.getSocketAddress());
                    peer.send(new DatagramPacket(p.getData(), p.getLength(), relay.relayedAddress()));
                    RelayedPacket back = relay.receive(Duration.ofSeconds(5));
                    assertNotNull(back, "no echo for message " + i);
                    assertEquals(peerAddress, back.peer());
                    assertArrayEquals(msg, back.bytes());
                }
                relay.close();
            }
        }
    }

    private static DatagramPacket receive(DatagramSocket socket, int timeoutMillis) throws java.io.IOException {
        socket.setSoTimeout(timeoutMillis);
        DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
        try {
            socket.receive(p);
            return p;
        } catch (java.net.SocketTimeoutException e) {
            return null;
        }
    }
}
