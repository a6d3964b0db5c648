package dev.nat4j.stun.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import dev.nat4j.core.Transport;
import dev.nat4j.core.TransportAddress;
import dev.nat4j.stun.StunMessage;
import dev.nat4j.stun.attribute.ErrorCode;
import dev.nat4j.stun.attribute.OtherAddress;
import dev.nat4j.stun.attribute.XorMappedAddress;

/** {@link StunServer} on real loopback sockets, UDP and TCP, IPv4 and IPv6, with plain JDK sockets as clients. */
class StunServerLoopbackTest {

    private static StunServer start(String ip) throws IOException {
        return StunServer.builder().listen(new InetSocketAddress(InetAddress.getByName(ip), 0)).start();
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void udpBindingReportsTheClientsAddress(String ip) throws IOException {
        try (StunServer server = start(ip); DatagramSocket client = new DatagramSocket(0, InetAddress.getByName(ip))) {
            TransportAddress udp = server.localAddress(Transport.UDP);
            assertNotEquals(0, udp.port(), "real port reported");
            LoopbackClient.Received r = LoopbackClient.exchange(client, udp.socketAddress(), Requests.binding());
            assertEquals(udp.socketAddress(), r.from());
            assertTrue(r.message().isSuccessResponse());
            assertEquals(client.getLocalSocketAddress(), r.message().get(XorMappedAddress.TYPE).address());
            assertEquals(1, server.stats().successResponses());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void tcpBindingReportsTheClientsAddress(String ip) throws IOException {
        try (StunServer server = start(ip)) {
            TransportAddress tcp = server.localAddress(Transport.TCP);
            assertEquals(server.localAddress(Transport.UDP).port(), tcp.port(), "one port for UDP and TCP");
            try (Socket client = new Socket(tcp.ip(), tcp.port())) {
                for (int i = 0; i < 3; i++) { // several requests on one connection
                    StunMessage m = LoopbackClient.exchange(client, Requests.binding());
                    assertTrue(m.isSuccessResponse());
                    assertEquals(client.getLocalSocketAddress(), m.get(XorMappedAddress.TYPE).address());
                }
            }
        }
    }

    @Test
    void keepsServingAfterGarbageAndErrors() throws IOException {
        try (StunServer server = start("127.0.0.1");
             DatagramSocket client = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            InetSocketAddress udp = server.localAddress(Transport.UDP).socketAddress();
            client.send(new java.net.DatagramPacket(new byte[] {1, 2, 3}, 3, udp));
            LoopbackClient.Received err = LoopbackClient.exchange(client, udp,
                    Requests.binding(w -> w.addRaw(0x0099, new byte[4])));
            assertEquals(420, err.message().get(ErrorCode.TYPE).code());
            LoopbackClient.Received ok = LoopbackClient.exchange(client, udp, Requests.binding());
            assertTrue(ok.message().isSuccessResponse());
            StunServerStats s = server.stats();
            assertEquals(1, s.dropped(DropReason.NOT_STUN));
            assertEquals(1, s.unknownAttributeResponses());
        }
    }

    @Test
    void bothFamiliesAtOnceAndACleanClose() throws IOException {
        StunServer server = StunServer.builder()
                .listen(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0))
                .listen(new InetSocketAddress(InetAddress.getByName("::1"), 0))
                .start();
        List<TransportAddress> all = server.localAddresses();
        assertEquals(4, all.size(), all.toString());
        assertFalse(server.config().software() != null, "no SOFTWARE by default");
        for (TransportAddress a : all) {
            if (a.transport() != Transport.UDP) {
                continue;
            }
            try (DatagramSocket client = new DatagramSocket(0, a.ip())) {
                assertTrue(LoopbackClient.exchange(client, a.socketAddress(), Requests.binding()).message()
                        .isSuccessResponse());
            }
        }
        server.close();
        assertFalse(server.isOpen());
        server.close(); // idempotent
        // the ports are free again
        try (DatagramSocket again = new DatagramSocket(all.get(0).socketAddress())) {
            assertEquals(all.get(0).port(), again.getLocalPort());
        }
    }

    @Test
    void noOtherAddressWithoutAnAlternate() throws IOException {
        try (StunServer server = start("127.0.0.1");
             DatagramSocket client = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            LoopbackClient.Received r = LoopbackClient.exchange(client,
                    server.localAddress(Transport.UDP).socketAddress(), Requests.binding());
            assertFalse(r.message().has(OtherAddress.TYPE));
            assertEquals(null, server.rfc5780());
        }
    }

    @Test
    void rejectsContradictorySettings() {
        assertThrows(IllegalArgumentException.class, () -> StunServer.builder().start(), "no listen address");
        assertThrows(IllegalArgumentException.class, () -> StunServer.builder()
                .listen(new InetSocketAddress("0.0.0.0", 0)).alternate(new InetSocketAddress("127.0.0.2", 0))
                .start(), "wildcard with RFC 5780");
        assertThrows(IllegalArgumentException.class, () -> StunServer.builder()
                .listen(new InetSocketAddress("127.0.0.1", 0)).alternate(new InetSocketAddress("127.0.0.1", 0))
                .start(), "same IP");
        assertThrows(IllegalArgumentException.class, () -> StunServer.builder()
                .listen(new InetSocketAddress("127.0.0.1", 0)).udp(false).tcp(false).start());
    }

    @Test
    void aTakenPortIsAnIoError() throws IOException {
        try (DatagramSocket squatter = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            assertThrows(IOException.class, () -> StunServer.builder()
                    .listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), squatter.getLocalPort())).start());
        }
    }

    @Test
    void dualStackWildcardAnswersIpv4ClientsWithAnIpv4Address() throws IOException {
        try (StunServer server = StunServer.builder().listen(new InetSocketAddress(InetAddress.getByName("::"), 0))
                .start();
             DatagramSocket client = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
            InetSocketAddress to = new InetSocketAddress(InetAddress.getByName("127.0.0.1"),
                    server.localAddress(Transport.UDP).port());
            LoopbackClient.Received r = LoopbackClient.exchange(client, to, Requests.binding());
            assertEquals(client.getLocalSocketAddress(), r.message().get(XorMappedAddress.TYPE).address());
            assertEquals(32, r.length(), "IPv4 family, so the 32-byte answer");
        }
    }

    @Test
    void amplificationOnTheWireIsAtMost1point6ForAMinimalIpv4Request() throws IOException {
        try (StunServer server = start("127.0.0.1");
             DatagramSocket client = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            byte[] request = Requests.binding();
            LoopbackClient.Received r = LoopbackClient.exchange(client,
                    server.localAddress(Transport.UDP).socketAddress(), request);
            double factor = (double) r.length() / request.length;
            assertTrue(factor <= 1.6, "response/request = " + r.length() + "/" + request.length + " = " + factor);
        }
    }

    @Test
    void tcpMessagesSplitAndCoalescedAreEachAnswered() throws IOException {
        try (StunServer server = start("127.0.0.1")) {
            TransportAddress tcp = server.localAddress(Transport.TCP);
            try (Socket client = new Socket(tcp.ip(), tcp.port())) {
                client.setTcpNoDelay(true);
                client.setSoTimeout(LoopbackClient.TIMEOUT_MILLIS);
                byte[][] requests = {Requests.binding(), Requests.binding(w -> w.addFingerprint()),
                    Requests.binding(w -> w.addRaw(0x0099, new byte[4])), Requests.binding()};
                java.io.OutputStream out = client.getOutputStream();
                out.write(Requests.concat(requests[0], requests[1], requests[2])); // three in one write
                for (byte b : requests[3]) { // one a byte at a time
                    out.write(b);
                    out.flush();
                }
                for (byte[] request : requests) {
                    StunMessage m = LoopbackClient.read(client);
                    assertTrue(m.hasTransactionId(dev.nat4j.stun.TransactionId.of(
                            java.util.Arrays.copyOfRange(request, 8, 20))), "answers in order");
                }
            }
            assertEquals(3, server.stats().successResponses());
            assertEquals(1, server.stats().unknownAttributeResponses());
        }
    }

    @Test
    void tcpGarbageClosesThatConnectionOnly() throws IOException {
        try (StunServer server = start("127.0.0.1")) {
            TransportAddress tcp = server.localAddress(Transport.TCP);
            try (Socket bad = new Socket(tcp.ip(), tcp.port())) {
                bad.setSoTimeout(LoopbackClient.TIMEOUT_MILLIS);
                // Top bits 11: neither STUN (00) nor ChannelData (01) framing, so the stream cannot be resynchronised.
                bad.getOutputStream().write(new byte[] {(byte) 0xC5, 0x03, 0x01, 0x00, 0x10, 1, 2, 3, 4, 5, 6, 7});
                assertEquals(-1, bad.getInputStream().read(), "connection closed, nothing answered");
            }
            try (Socket good = new Socket(tcp.ip(), tcp.port())) {
                assertTrue(LoopbackClient.exchange(good, Requests.binding()).isSuccessResponse());
            }
        }
    }
}
