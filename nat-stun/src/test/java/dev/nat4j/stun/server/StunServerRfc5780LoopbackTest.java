package dev.nat4j.stun.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.nat4j.core.Transport;
import dev.nat4j.core.TransportAddress;
import dev.nat4j.stun.StunMessage;
import dev.nat4j.stun.attribute.ChangeRequest;
import dev.nat4j.stun.attribute.ErrorCode;
import dev.nat4j.stun.attribute.OtherAddress;
import dev.nat4j.stun.attribute.Padding;
import dev.nat4j.stun.attribute.ResponseOrigin;
import dev.nat4j.stun.attribute.ResponsePort;
import dev.nat4j.stun.attribute.XorMappedAddress;

/**
 * RFC 5780 on real sockets with two loopback IPs (127.0.0.1 and 127.0.0.2 both reach lo on Linux): the answer to
 * CHANGE-REQUEST really leaves from the other IP and/or port, and RESPONSE-PORT really reaches the other port.
 */
class StunServerRfc5780LoopbackTest {
    private static StunServer server;
    private static Rfc5780Addresses pair;

    @BeforeAll
    static void start() throws IOException {
        server = StunServer.builder()
                .listen(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0))
                .alternate(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0))
                .start();
        pair = server.rfc5780();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void bindsAllFourAddressesForUdpAndTcp() {
        assertNotNull(pair);
        assertNotEquals(pair.primary().getPort(), pair.alternate().getPort());
        assertEquals(8, server.localAddresses().size(), server.localAddresses().toString());
        for (InetSocketAddress a : pair.all()) {
            assertTrue(server.localAddresses().contains(TransportAddress.udp(a)), "udp " + a);
            assertTrue(server.localAddresses().contains(TransportAddress.of(a, Transport.TCP)), "tcp " + a);
        }
        assertEquals(TransportAddress.udp(pair.primary()), server.localAddress(Transport.UDP));
    }

    @Test
    void changeRequestIsAnsweredFromTheRightSourceForEveryFlag() throws IOException {
        try (DatagramSocket client = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
            for (int here = 0; here < 4; here++) {
                InetSocketAddress da = pair.address(here);
                for (int flags = 0; flags < 4; flags++) {
                    boolean ip = (flags & 1) != 0;
                    boolean port = (flags & 2) != 0;
                    LoopbackClient.Received r = LoopbackClient.exchange(client, da,
                            Requests.binding(w -> w.add(new ChangeRequest(ip, port))));
                    InetSocketAddress expected = pair.address(here ^ flags);
                    String what = "to " + da + " change ip=" + ip + " port=" + port;
                    assertEquals(expected, r.from(), what);
                    StunMessage m = r.message();
                    assertEquals(expected, m.get(ResponseOrigin.TYPE).address(), what);
                    assertEquals(pair.address(here ^ 3), m.get(OtherAddress.TYPE).address(), what);
                    assertEquals(client.getLocalSocketAddress(), m.get(XorMappedAddress.TYPE).address());
                }
            }
        }
    }

    @Test
    void responsePortReachesTheOtherSocketOfTheSameIp() throws IOException {
        try (DatagramSocket sender = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"));
             DatagramSocket receiver = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
            int port = receiver.getLocalPort();
            LoopbackClient.Received r = LoopbackClient.exchange(sender, receiver, pair.primary(),
                    Requests.binding(w -> w.add(new ResponsePort(port))));
            assertEquals(sender.getLocalSocketAddress(), r.message().get(XorMappedAddress.TYPE).address());
            LoopbackClient.assertNothingArrives(sender, 200);
        }
    }

    @Test
    void paddedRequestGetsAPaddedAnswerThatArrivesWhole() throws IOException {
        try (DatagramSocket client = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
            byte[] request = Requests.binding(w -> w.add(new Padding(1500)));
            LoopbackClient.Received r = LoopbackClient.exchange(client, pair.primary(), request);
            assertEquals(1500, r.message().valueLength(r.message().indexOf(Padding.CODE)));
        }
    }

    @Test
    void overTcpOtherAddressIsGivenAndAChangeGets420() throws IOException {
        InetSocketAddress primary = pair.primary();
        try (Socket client = new Socket(primary.getAddress(), primary.getPort())) {
            StunMessage ok = LoopbackClient.exchange(client, Requests.binding());
            assertEquals(pair.alternate(), ok.get(OtherAddress.TYPE).address());
            StunMessage change = LoopbackClient.exchange(client,
                    Requests.binding(w -> w.add(new ChangeRequest(true, true))));
            assertEquals(420, change.get(ErrorCode.TYPE).code());
        }
    }
}
