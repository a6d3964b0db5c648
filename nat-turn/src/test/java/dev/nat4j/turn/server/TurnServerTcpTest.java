package dev.nat4j.turn.server;

import static dev.nat4j.turn.server.Harness.code;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.nat4j.core.Transport;
import dev.nat4j.core.TransportAddress;
import dev.nat4j.stun.StunMessage;
import dev.nat4j.stun.StunMethod;
import dev.nat4j.stun.attribute.ChannelNumber;
import dev.nat4j.stun.attribute.Nonce;
import dev.nat4j.stun.attribute.RequestedTransport;
import dev.nat4j.stun.attribute.XorPeerAddress;
import dev.nat4j.stun.attribute.XorRelayedAddress;
import dev.nat4j.turn.ChannelData;

/** A TURN client over TCP (RFC 8656 §3.1 control connection, ChannelData framed and padded), UDP relay to a peer. */
@Timeout(30)
class TurnServerTcpTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @Test
    void allocateAndRelayChannelDataOverTcp() throws Exception {
        try (TurnServer server = TurnServer.builder().listen(new InetSocketAddress(LOOPBACK, 0)).relayIp(LOOPBACK)
                .relayPorts(43000, 43050).realm("tcp").user("alice", "pw").allowPeer("127.0.0.1/32")
                .eventListener(e -> { }).start();
             DatagramSocket peer = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            peer.setSoTimeout(5000);
            InetSocketAddress tcp = null;
            for (TransportAddress a : server.localAddresses()) {
                if (a.transport() == Transport.TCP) {
                    tcp = a.socketAddress();
                }
            }
            try (Socket s = new Socket()) {
                s.connect(tcp, 5000);
                s.setSoTimeout(5000);
                OutputStream out = s.getOutputStream();
                DataInputStream in = new DataInputStream(s.getInputStream());
                InetSocketAddress peerAddress = (InetSocketAddress) peer.getLocalSocketAddress();

                String nonce = ask(out, in, TestMessage.request(StunMethod.ALLOCATE).add(RequestedTransport.udp())
                        .build()).get(Nonce.TYPE).value();
                StunMessage allocated = ask(out, in, TestMessage.request(StunMethod.ALLOCATE)
                        .add(RequestedTransport.udp()).auth("alice", "tcp", nonce, "pw").build());
                assertEquals(0, code(allocated));
                InetSocketAddress relayed = allocated.get(XorRelayedAddress.TYPE).address();
                assertEquals(0, code(ask(out, in, TestMessage.request(StunMethod.CHANNEL_BIND)
                        .add(new ChannelNumber(0x4003), new XorPeerAddress(peerAddress))
                        .auth("alice", "tcp", nonce, "pw").build())));
                for (int i = 0; i < 20; i++) {
                    byte[] payload = ("tcp-" + i).getBytes(StandardCharsets.US_ASCII); // lengths 5 and 6: padded
                    ByteBuffer frame = ByteBuffer.allocate(ChannelData.HEADER_LENGTH
                            + ChannelData.paddedLength(payload.length));
                    ChannelData.writeHeader(frame, 0, 0x4003, payload.length);
                    frame.put(4, payload);
                    out.write(frame.array());
                    out.flush();
                    DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
                    peer.receive(p);
                    assertArrayEquals(payload, Arrays.copyOf(p.getData(), p.getLength()));
                    peer.send(new DatagramPacket(p.getData(), p.getLength(), relayed));
                    byte[] back = readFrame(in);
                    ByteBuffer cd = ByteBuffer.wrap(back);
                    assertEquals(0x4003, ChannelData.channelNumber(cd));
                    assertEquals(payload.length, ChannelData.validLength(cd, true));
                    assertArrayEquals(payload, Arrays.copyOfRange(back, 4, 4 + payload.length));
                }
                assertEquals(1, server.stats().allocations());
            }
            // closing the control connection ends the allocation (RFC 8656 §3.1)
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (server.stats().allocations() != 0 && System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(5_000_000); // poll with a deadline
            }
            assertEquals(0, server.stats().allocations());
        }
    }

    private static StunMessage ask(OutputStream out, DataInputStream in, ByteBuffer request) throws IOException {
        byte[] b = new byte[request.remaining()];
        request.get(b);
        out.write(b);
        out.flush();
        return StunMessage.parse(ByteBuffer.wrap(readFrame(in)));
    }

    /** One STUN message or one padded ChannelData frame from the stream. */
    private static byte[] readFrame(DataInputStream in) throws IOException {
        byte[] header = new byte[4];
        in.readFully(header);
        int length = ((header[2] & 0xFF) << 8) | (header[3] & 0xFF);
        int rest = (header[0] & 0xC0) == 0 ? 16 + length : ChannelData.paddedLength(length);
        byte[] frame = Arrays.copyOf(header, 4 + rest);
        in.readFully(frame, 4, rest);
        return frame;
    }
}
