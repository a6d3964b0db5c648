package dev.nat4j.core.driver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.nat4j.core.Transport;
import dev.nat4j.core.TransportAddress;

class NioDriverUdpTest {
    private NioDriver driver;
    private ExecutorService events;
    private final EventSink sink = new EventSink();

    @BeforeEach
    void start() {
        driver = NioDriver.start(DriverConfig.defaults().withThreadName("udp-test-driver"));
        events = Executors.newSingleThreadExecutor(r -> new Thread(r, "udp-test-events"));
    }

    @AfterEach
    void stop() {
        driver.close();
        events.shutdownNow();
    }

    private static DatagramPacket exchange(DatagramSocket client, byte[] payload, InetSocketAddress to)
            throws IOException {
        client.send(new DatagramPacket(payload, payload.length, to));
        DatagramPacket reply = new DatagramPacket(new byte[2048], 2048);
        client.receive(reply);
        return reply;
    }

    @Test
    void echoesOverIpv4AndDeliversEventsOffTheDriverThread() throws Exception {
        EchoEngine engine = new EchoEngine();
        EngineHandle<TestEvent> h = driver.register(engine,
                List.of(SocketSpec.udp(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))), events, sink);
        TransportAddress local = h.localAddress();
        assertEquals(Transport.UDP, local.transport());
        assertNotEquals(0, local.port());

        try (DatagramSocket client = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            client.setSoTimeout(2000);
            byte[] request = Frames.stun(8, 1);
            DatagramPacket reply = exchange(client, request, local.socketAddress());
            assertArrayEquals(request, Arrays.copyOf(reply.getData(), reply.getLength()));
            assertEquals(local.port(), reply.getPort());

            EventSink.Delivered d = sink.nextDelivered(TestEvent.Received.class);
            TestEvent.Received r = (TestEvent.Received) d.event();
            assertEquals(local, r.local());
            assertEquals(client.getLocalSocketAddress(), r.remote());
            assertArrayEquals(request, r.bytes());
            assertEquals("udp-test-events", d.thread().getName(), "events run on the given executor");
        }
    }

    @Test
    void echoesOverIpv6Loopback() throws Exception {
        InetAddress v6 = InetAddress.getByName("::1");
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(v6, 0))) {
            probe.getLocalPort();
        } catch (IOException e) {
            Assumptions.abort("no IPv6 loopback on this host: " + e);
        }
        EngineHandle<TestEvent> h = driver.register(new EchoEngine(),
                List.of(SocketSpec.udp(new InetSocketAddress(v6, 0))), events, sink);
        assertTrue(h.localAddress().isIpv6());
        try (DatagramSocket client = new DatagramSocket(new InetSocketAddress(v6, 0))) {
            client.setSoTimeout(2000);
            byte[] request = Frames.channelData(0x4001, 5, 2);
            DatagramPacket reply = exchange(client, request, h.localAddress().socketAddress());
            assertArrayEquals(request, Arrays.copyOf(reply.getData(), reply.getLength()));
            TestEvent.Received r = sink.next(TestEvent.Received.class);
            assertEquals(client.getLocalSocketAddress(), r.remote());
        }
    }

    @Test
    void theTransmitSourcePicksTheSocket() throws Exception {
        // RFC 5780 style: one engine, several sockets; it answers from the one it names.
        EchoEngine engine = new EchoEngine();
        InetAddress lo = InetAddress.getLoopbackAddress();
        EngineHandle<TestEvent> h = driver.register(engine, List.of(
                SocketSpec.udp(new InetSocketAddress(lo, 0)),
                SocketSpec.udp(new InetSocketAddress(lo, 0)),
                SocketSpec.udp(new InetSocketAddress(lo, 0))), events, sink);
        List<TransportAddress> locals = h.localAddresses();
        assertEquals(3, locals.size());
        TransportAddress primary = locals.get(0);
        TransportAddress alternate = locals.get(2);
        h.execute(() -> engine.replyFrom = local -> alternate).join();

        try (DatagramSocket client = new DatagramSocket(new InetSocketAddress(lo, 0))) {
            client.setSoTimeout(2000);
            DatagramPacket reply = exchange(client, Frames.stun(0, 3), locals.get(1).socketAddress());
            assertEquals(alternate.port(), reply.getPort(), "answered from the source the engine named");

            h.execute(() -> engine.replyFrom = local -> null).join();
            reply = exchange(client, Frames.stun(0, 4), locals.get(1).socketAddress());
            assertEquals(primary.port(), reply.getPort(), "null source = the first socket");

            // An unknown source is dropped, not sent from some other socket; the next valid one still works.
            TransportAddress nowhere = TransportAddress.udp(new InetSocketAddress(lo, 9));
            h.execute(() -> {
                engine.echo = false;
                engine.send(nowhere, (InetSocketAddress) client.getLocalSocketAddress(), new byte[] {1});
                engine.send(alternate, (InetSocketAddress) client.getLocalSocketAddress(), new byte[] {2});
            }).join();
            DatagramPacket next = new DatagramPacket(new byte[16], 16);
            client.receive(next);
            assertEquals(1, next.getLength());
            assertEquals(2, next.getData()[0]);
        }
    }

    @Test
    void manyDatagramsReuseOneReceiveBuffer() throws Exception {
        // The engine sees a view of the driver's receive buffer, never a fresh one per packet.
        java.util.Set<java.nio.ByteBuffer> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        EchoEngine engine = new EchoEngine() {
            @Override
            public void handleDatagram(TransportAddress local, InetSocketAddress remote, java.nio.ByteBuffer payload,
                                       long now) {
                seen.add(payload);
                super.handleDatagram(local, remote, payload, now);
            }
        };
        EngineHandle<TestEvent> h = driver.register(engine,
                List.of(SocketSpec.udp(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))), events, sink);
        try (DatagramSocket client = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            client.setSoTimeout(2000);
            for (int i = 0; i < 50; i++) {
                byte[] request = Frames.stun(4 * (i % 5), i);
                DatagramPacket reply = exchange(client, request, h.localAddress().socketAddress());
                assertArrayEquals(request, Arrays.copyOf(reply.getData(), reply.getLength()));
            }
        }
        assertEquals(1, h.call(seen::size).join());
        assertNotSame(null, seen.iterator().next());
    }
}
