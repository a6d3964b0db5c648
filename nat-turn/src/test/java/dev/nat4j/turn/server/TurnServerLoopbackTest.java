package dev.nat4j.turn.server;

import static dev.nat4j.turn.server.Harness.code;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.nat4j.core.Transport;
import dev.nat4j.core.TransportAddress;
import dev.nat4j.stun.StunMessage;
import dev.nat4j.stun.StunMethod;
import dev.nat4j.stun.attribute.ChannelNumber;
import dev.nat4j.stun.attribute.Data;
import dev.nat4j.stun.attribute.Lifetime;
import dev.nat4j.stun.attribute.Nonce;
import dev.nat4j.stun.attribute.RequestedTransport;
import dev.nat4j.stun.attribute.XorPeerAddress;
import dev.nat4j.stun.attribute.XorRelayedAddress;
import dev.nat4j.turn.ChannelData;

/** The whole server on real loopback sockets: a client written with the codec, a UDP peer, both relay paths. */
@Timeout(30)
class TurnServerLoopbackTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @Test
    void allocatePermitSendDataChannelBindAndChannelDataRoundTrip() throws Exception {
        CopyOnWriteArrayList<TurnServerEvent> events = new CopyOnWriteArrayList<>();
        try (TurnServer server = TurnServer.builder()
                .listen(new InetSocketAddress(LOOPBACK, 0)).relayIp(LOOPBACK).relayPorts(40000, 40100)
                .realm("loop").user("alice", "pw").allowPeer("127.0.0.1/32")
                .eventListener(e -> {
                    events.add(e);
                    TurnServer.log(e);
                })
                .start();
             DatagramSocket client = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
             DatagramSocket peer = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            client.setSoTimeout(5000);
            peer.setSoTimeout(5000);
            InetSocketAddress turn = udp(server);
            InetSocketAddress peerAddress = (InetSocketAddress) peer.getLocalSocketAddress();

            StunMessage challenge = ask(client, turn, TestMessage.request(StunMethod.ALLOCATE)
                    .add(RequestedTransport.udp()).build());
            assertEquals(401, code(challenge));
            String nonce = challenge.get(Nonce.TYPE).value();
            StunMessage allocated = ask(client, turn, TestMessage.request(StunMethod.ALLOCATE)
                    .add(RequestedTransport.udp()).auth("alice", "loop", nonce, "pw").build());
            assertEquals(0, code(allocated));
            InetSocketAddress relayed = allocated.get(XorRelayedAddress.TYPE).address();
            assertEquals(LOOPBACK, relayed.getAddress());
            assertTrue(relayed.getPort() >= 40000 && relayed.getPort() <= 40100);

            assertEquals(0, code(ask(client, turn, TestMessage.request(StunMethod.CREATE_PERMISSION)
                    .add(new XorPeerAddress(peerAddress)).auth("alice", "loop", nonce, "pw").build())));

            // A send to a port where nothing listens (ICMP port unreachable) must not hurt the allocation
            int closedPort;
            try (DatagramSocket gone = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
                closedPort = gone.getLocalPort();
            }
            for (int i = 0; i < 5; i++) {
                sendTo(client, turn, TestMessage.indication(StunMethod.SEND)
                        .add(new XorPeerAddress(new InetSocketAddress(LOOPBACK, closedPort)), new Data(new byte[8]))
                        .build());
            }

            // Send indication -> peer, peer -> Data indication
            byte[] ping = "ping".getBytes(StandardCharsets.US_ASCII);
            sendTo(client, turn, TestMessage.indication(StunMethod.SEND)
                    .add(new XorPeerAddress(peerAddress), new Data(ping)).build());
            DatagramPacket atPeer = receive(peer);
            assertEquals(relayed, atPeer.getSocketAddress());
            assertArrayEquals(ping, Arrays.copyOf(atPeer.getData(), atPeer.getLength()));
            byte[] pong = "pong".getBytes(StandardCharsets.US_ASCII);
            peer.send(new DatagramPacket(pong, pong.length, relayed));
            StunMessage data = StunMessage.parse(ByteBuffer.wrap(copy(receive(client))));
            assertTrue(data.isIndication());
            assertEquals(peerAddress, data.get(XorPeerAddress.TYPE).address());
            assertArrayEquals(pong, data.get(Data.TYPE).bytes());

            // ChannelBind, then ChannelData both ways
            assertEquals(0, code(ask(client, turn, TestMessage.request(StunMethod.CHANNEL_BIND)
                    .add(new ChannelNumber(0x4001), new XorPeerAddress(peerAddress))
                    .auth("alice", "loop", nonce, "pw").build())));
            for (int i = 0; i < 100; i++) {
                byte[] payload = ("m" + i).getBytes(StandardCharsets.US_ASCII);
                sendTo(client, turn, Harness.channelData(0x4001, payload));
                DatagramPacket p = receive(peer);
                assertArrayEquals(payload, Arrays.copyOf(p.getData(), p.getLength()));
                peer.send(new DatagramPacket(p.getData(), p.getLength(), relayed));
                ByteBuffer back = ByteBuffer.wrap(copy(receive(client)));
                assertEquals(0x4001, ChannelData.channelNumber(back));
                assertEquals(payload.length, ChannelData.validLength(back, false));
            }
            TurnServerStats stats = server.stats();
            assertEquals(106, stats.packetsToPeers());
            assertEquals(101, stats.packetsToClients());

            // the driver thread's allocations over 10 000 ChannelData round trips (20 000 relayed datagrams)
            byte[] payload = new byte[100];
            ByteBuffer frame = Harness.channelData(0x4001, payload);
            byte[] frameBytes = Arrays.copyOf(frame.array(), frame.remaining());
            java.net.DatagramPacket toTurn = new java.net.DatagramPacket(frameBytes, frameBytes.length, turn);
            java.net.DatagramPacket atPeerPacket = new java.net.DatagramPacket(new byte[2048], 2048);
            java.net.DatagramPacket atClientPacket = new java.net.DatagramPacket(new byte[2048], 2048);
            for (int i = 0; i < 2000; i++) { // warm-up
                roundTrip(client, peer, toTurn, atPeerPacket, atClientPacket, relayed);
            }
            long before = ThreadAllocation.bytesOf("nat4j-turn");
            long started = System.nanoTime();
            for (int i = 0; i < 10_000; i++) {
                roundTrip(client, peer, toTurn, atPeerPacket, atClientPacket, relayed);
            }
            long elapsedMicros = (System.nanoTime() - started) / 1000;
            long after = ThreadAllocation.bytesOf("nat4j-turn");
            System.out.println("[relay-latency] 10000 ping-pong round trips through the relay in " + elapsedMicros / 1000
                    + " ms (" + elapsedMicros / 10_000 + " us each, one at a time)");
            if (before >= 0 && after >= 0) {
                long driverBytes = after - before;
                System.out.println("[relay-allocation] driver thread: " + driverBytes
                        + " bytes over 10000 round trips (20000 relayed datagrams) on real sockets");
                // one object per datagram would be >= 320 000 bytes; selector bookkeeping stays far below
                assertTrue(driverBytes < 64 * 1024, driverBytes + " bytes allocated by the driver thread");
            }

            assertEquals(0, code(ask(client, turn, TestMessage.request(StunMethod.REFRESH).add(new Lifetime(0))
                    .auth("alice", "loop", nonce, "pw").build())));
            assertEquals(0, server.stats().allocations());
            // nothing left to drain: a graceful close returns at once
            long t0 = System.nanoTime();
            server.close(java.time.Duration.ofSeconds(20));
            assertTrue(System.nanoTime() - t0 < 10_000_000_000L);
        }
        assertTrue(events.stream().anyMatch(e -> e instanceof TurnServerEvent.AllocationCreated));
    }

    @Test
    void loopbackPeersAreRefusedByDefault() throws Exception {
        try (TurnServer server = TurnServer.builder()
                .listen(new InetSocketAddress(LOOPBACK, 0)).relayIp(LOOPBACK).relayPorts(40200, 40210)
                .realm("loop").user("alice", "pw").eventListener(e -> { }).start();
             DatagramSocket client = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            client.setSoTimeout(5000);
            InetSocketAddress turn = udp(server);
            String nonce = ask(client, turn, TestMessage.request(StunMethod.ALLOCATE).add(RequestedTransport.udp())
                    .build()).get(Nonce.TYPE).value();
            assertEquals(0, code(ask(client, turn, TestMessage.request(StunMethod.ALLOCATE)
                    .add(RequestedTransport.udp()).auth("alice", "loop", nonce, "pw").build())));
            assertEquals(403, code(ask(client, turn, TestMessage.request(StunMethod.CREATE_PERMISSION)
                    .add(new XorPeerAddress(new InetSocketAddress(LOOPBACK, 9))).auth("alice", "loop", nonce, "pw")
                    .build())));
            // a STUN Binding still works on the same port
            assertEquals(0, code(ask(client, turn, TestMessage.request(StunMethod.BINDING).build())));
        }
    }

    private static void roundTrip(DatagramSocket client, DatagramSocket peer, DatagramPacket toTurn,
                                  DatagramPacket atPeer, DatagramPacket atClient, InetSocketAddress relayed)
            throws IOException {
        client.send(toTurn);
        atPeer.setLength(2048);
        peer.receive(atPeer);
        atPeer.setSocketAddress(relayed);
        peer.send(atPeer);
        atClient.setLength(2048);
        client.receive(atClient);
    }

    static InetSocketAddress udp(TurnServer server) {
        for (TransportAddress a : server.localAddresses()) {
            if (a.transport() == Transport.UDP) {
                return a.socketAddress();
            }
        }
        throw new AssertionError("no UDP listener");
    }

    static StunMessage ask(DatagramSocket socket, InetSocketAddress to, ByteBuffer request) throws IOException {
        sendTo(socket, to, request);
        return StunMessage.parse(ByteBuffer.wrap(copy(receive(socket))));
    }

    static void sendTo(DatagramSocket socket, InetSocketAddress to, ByteBuffer datagram) throws IOException {
        byte[] b = new byte[datagram.remaining()];
        datagram.duplicate().get(b);
        socket.send(new DatagramPacket(b, b.length, to));
    }

    static DatagramPacket receive(DatagramSocket socket) throws IOException {
        DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
        socket.receive(p);
        return p;
    }

    static byte[] copy(DatagramPacket p) {
        return Arrays.copyOf(p.getData(), p.getLength());
    }
}
