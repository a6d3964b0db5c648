package dev.nat4j.core.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import dev.nat4j.core.AllocationMeter;
import dev.nat4j.core.Engine;
import dev.nat4j.core.Transmit;
import dev.nat4j.core.TransportAddress;

class NioDriverAllocationTest {
    private static final InetAddress LO = InetAddress.getLoopbackAddress();

    /** Counts datagrams and does nothing else, so whatever the loop thread allocates is the driver's. */
    static class CountingEngine implements Engine<Object> {
        volatile long received;

        @Override
        public void handleDatagram(TransportAddress local, InetSocketAddress remote, ByteBuffer payload, long now) {
            received++;
        }

        @Override
        public void handleTimeout(long now) {
        }

        @Override
        public Transmit pollTransmit() {
            return null;
        }

        @Override
        public long pollTimeout() {
            return NO_TIMEOUT;
        }

        @Override
        public Object pollEvent() {
            return null;
        }
    }

    @Test
    void receivingDatagramsAllocatesAlmostNothingPerPacket() throws Exception {
        ExecutorService events = Executors.newSingleThreadExecutor();
        try (NioDriver driver = NioDriver.start();
             DatagramSocket client = new DatagramSocket(new InetSocketAddress(LO, 0))) {
            CountingEngine engine = new CountingEngine();
            EngineHandle<Object> h = driver.register(engine,
                    List.of(SocketSpec.udp(new InetSocketAddress(LO, 0))), events, e -> { });
            Assumptions.assumeTrue(AllocationMeter.allocatedBytes(driver.thread()) >= 0, "no allocation counter");
            byte[] payload = Frames.stun(8, 1);
            DatagramPacket packet = new DatagramPacket(payload, payload.length, h.localAddress().socketAddress());
            long sent = 0;
            // Warm up (JIT, cached sender address), then measure.
            sent = blast(client, packet, engine, sent, 2_000);
            long before = AllocationMeter.allocatedBytes(driver.thread());
            long measuredFrom = sent;
            sent = blast(client, packet, engine, sent, 20_000);
            long after = AllocationMeter.allocatedBytes(driver.thread());
            double perPacket = (after - before) / (double) (sent - measuredFrom);
            assertTrue(perPacket < 16, "driver thread allocated " + perPacket + " bytes per datagram");
        } finally {
            events.shutdownNow();
        }
    }

    /**
     * Answers every datagram from one named socket, with one reused transmit: what the loop thread allocates is the
     * driver's routing of a transmit that names its source (a TURN relay's peer-bound traffic).
     */
    static final class NamedSourceEngine extends CountingEngine {
        private final InetSocketAddress destination;
        private Transmit reply;
        private boolean due;

        NamedSourceEngine(InetSocketAddress destination) {
            this.destination = destination;
        }

        void replyFrom(TransportAddress source) {
            reply = new Transmit(source, destination, ByteBuffer.wrap(new byte[] {1, 2, 3, 4}));
        }

        @Override
        public void handleDatagram(TransportAddress local, InetSocketAddress remote, ByteBuffer payload, long now) {
            super.handleDatagram(local, remote, payload, now);
            due = reply != null;
        }

        @Override
        public Transmit pollTransmit() {
            if (!due) {
                return null;
            }
            due = false;
            return reply;
        }
    }

    @Test
    void routingFromANamedSourceAllocatesAlmostNothingPerPacket() throws Exception {
        ExecutorService events = Executors.newSingleThreadExecutor();
        try (NioDriver driver = NioDriver.start();
             DatagramSocket client = new DatagramSocket(new InetSocketAddress(LO, 0));
             DatagramSocket sink = new DatagramSocket(new InetSocketAddress(LO, 0))) {
            NamedSourceEngine engine = new NamedSourceEngine((InetSocketAddress) sink.getLocalSocketAddress());
            List<SocketSpec> specs = new java.util.ArrayList<>();
            for (int i = 0; i < 64; i++) {
                specs.add(SocketSpec.udp(new InetSocketAddress(LO, 0)));
            }
            EngineHandle<Object> h = driver.register(engine, specs, events, e -> { });
            // Received on the first socket, answered from the last: a linear search would walk past all the others.
            TransportAddress last = h.localAddresses().get(63);
            h.execute(() -> engine.replyFrom(last)).join();
            Assumptions.assumeTrue(AllocationMeter.allocatedBytes(driver.thread()) >= 0, "no allocation counter");
            byte[] payload = Frames.stun(8, 1);
            DatagramPacket packet = new DatagramPacket(payload, payload.length, h.localAddress().socketAddress());
            long sent = blast(client, packet, engine, 0, 2_000);
            long before = AllocationMeter.allocatedBytes(driver.thread());
            long measuredFrom = sent;
            sent = blast(client, packet, engine, sent, 20_000);
            long after = AllocationMeter.allocatedBytes(driver.thread());
            double perPacket = (after - before) / (double) (sent - measuredFrom);
            assertTrue(perPacket < 16, "driver thread allocated " + perPacket + " bytes per routed datagram");
            // The replies really left from the named socket.
            sink.setSoTimeout(2000);
            DatagramPacket got = new DatagramPacket(new byte[16], 16);
            sink.receive(got);
            assertEquals(last.port(), got.getPort());
        } finally {
            events.shutdownNow();
        }
    }

    /** Sends in bursts small enough for the socket buffer, waiting for the engine to catch up after each. */
    private static long blast(DatagramSocket client, DatagramPacket packet, CountingEngine engine, long sent, int n)
            throws Exception {
        for (int i = 0; i < n; i += 50) {
            for (int k = 0; k < 50; k++) {
                client.send(packet);
            }
            long target = sent + i + 50;
            Await.until("engine received " + target, 2000, () -> engine.received >= target);
        }
        return sent + n;
    }
}
