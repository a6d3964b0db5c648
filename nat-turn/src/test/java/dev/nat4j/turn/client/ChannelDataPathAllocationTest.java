package dev.nat4j.turn.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The client's per-packet ChannelData path (wrap for send, decode on receive) allocates nothing: measured with the
 * thread's allocated-bytes counter around 100 000 round trips, after a warm-up.
 */
class ChannelDataPathAllocationTest {
    private static final int PACKETS = 100_000;
    private static final InetSocketAddress PEER = new InetSocketAddress("198.51.100.20", 6000);

    @Test
    void wrapAndDecodeAllocateNothingPerPacket() throws Exception {
        ScriptedTurnServer server = new ScriptedTurnServer(new InetSocketAddress("192.0.2.1", 3478));
        EngineHarness h = new EngineHarness(TurnClientConfig.of("alice", "secret").withAutoBindChannels(false),
                server);
        h.start(server);
        h.engine.bindChannel(PEER, h.now);
        h.pump();
        assertTrue(h.engine.isChannelBound(PEER));

        ByteBuffer payload = ByteBuffer.allocate(1200);
        ByteBuffer wire = ByteBuffer.allocate(1300);
        ReceivedData rx = new ReceivedData();
        long sum = roundTrips(h.engine, payload, wire, rx, 50_000); // warm-up: let the JIT settle
        allocatedBytes(); // warms the reflective counter itself
        long before = allocatedBytes();
        Assumptions.assumeTrue(before >= 0, "this JVM cannot count a thread's allocated bytes");
        sum += roundTrips(h.engine, payload, wire, rx, PACKETS);
        long allocated = allocatedBytes() - before;

        assertEquals((50_000L + PACKETS) * 1200, sum);
        // Fixed costs (the counter's own boxing, a late JIT transition) stay far below one object per packet, which
        // would be at least 16 bytes x PACKETS.
        assertTrue(allocated < PACKETS, "allocated " + allocated + " bytes over " + PACKETS + " packets");
    }

    private static long roundTrips(TurnClientEngine engine, ByteBuffer payload, ByteBuffer wire, ReceivedData rx,
            int count) {
        long sum = 0;
        for (int i = 0; i < count; i++) {
            wire.clear();
            engine.encodeChannelData(PEER, payload, wire, i);
            wire.flip();
            if (engine.decodeData(wire, rx, i) && rx.peer() == PEER) {
                sum += rx.length();
            }
        }
        return sum;
    }

    /** Through reflection: the test sources compile inside a module that does not read java.management. */
    private static long allocatedBytes() throws Exception {
        try {
            Object bean = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean")
                    .invoke(null);
            Method m = Class.forName("com.sun.management.ThreadMXBean").getMethod("getThreadAllocatedBytes",
                    long.class);
            @SuppressWarnings("deprecation")
            long id = Thread.currentThread().getId();
            return (long) m.invoke(bean, id);
        } catch (ReflectiveOperationException | LinkageError e) {
            return -1;
        }
    }
}
