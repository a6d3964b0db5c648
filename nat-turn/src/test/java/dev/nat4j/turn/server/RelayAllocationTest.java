package dev.nat4j.turn.server;

import static dev.nat4j.turn.server.Harness.addr;
import static dev.nat4j.turn.server.Harness.code;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;


import dev.nat4j.core.Transmit;
import dev.nat4j.core.TransportAddress;

/**
 * The relay hot path allocates nothing: ChannelData from the client to the peer and peer datagrams back as ChannelData,
 * through the generic {@code handleDatagram}/{@code pollTransmit} contract, measured with the thread's allocation
 * counter.
 */
class RelayAllocationTest {
    private static final int PACKETS = 10_000;

    @Test
    void tenThousandRelayedPacketsEachWayAllocateNothing() {
        Harness h = new Harness();
        InetSocketAddress client = addr("10.0.0.1", 5000);
        InetSocketAddress peer = addr("93.184.216.34", 9000);
        InetSocketAddress relayed = h.allocated(client);
        assertEquals(0, code(h.bind(client, 0x4000, peer)));
        TransportAddress relay = h.relay(relayed);
        TurnServerEngine engine = h.engine;
        ByteBuffer fromClient = Harness.channelData(0x4000, new byte[1000]);
        ByteBuffer fromPeer = ByteBuffer.allocate(1000);
        long now = h.now;

        long relayedBytes = relayBoth(engine, client, peer, relay, fromClient, fromPeer, now, 50_000); // warm-up / JIT
        assertEquals(50_000L * 2 * 1000, relayedBytes);
        assumeTrue(ThreadAllocation.bytes() >= 0, "this JVM cannot count allocated bytes");
        long before = ThreadAllocation.bytes();
        relayedBytes = relayBoth(engine, client, peer, relay, fromClient, fromPeer, now, PACKETS);
        long allocated = ThreadAllocation.bytes() - before;
        assertEquals((long) PACKETS * 2 * 1000, relayedBytes);
        System.out.println("[relay-allocation] " + allocated + " bytes allocated over " + PACKETS
                + " packets each way (" + (2 * PACKETS) + " relayed)");
        // the meter's own reflective call boxes a long (40 bytes seen); one object per packet would be >= 320 000
        assertTrue(allocated < 1_024, () -> allocated + " bytes allocated on the relay path");
    }

    private static long relayBoth(TurnServerEngine engine, InetSocketAddress client, InetSocketAddress peer,
                                  TransportAddress relay, ByteBuffer fromClient, ByteBuffer fromPeer, long now,
                                  int count) {
        long bytes = 0;
        for (int i = 0; i < count; i++) {
            fromClient.rewind();
            engine.handleDatagram(Harness.LISTEN, client, fromClient, now);
            Transmit out = engine.pollTransmit();
            bytes += out.payload().remaining();
            fromPeer.rewind();
            engine.handleDatagram(relay, peer, fromPeer, now);
            Transmit back = engine.pollTransmit();
            bytes += back.payload().remaining() - 4;
        }
        return bytes;
    }

    @Test
    void theRelayTransmitsAreReusedObjects() {
        Harness h = new Harness();
        InetSocketAddress client = addr("10.0.0.1", 5000);
        InetSocketAddress peer = addr("93.184.216.34", 9000);
        InetSocketAddress relayed = h.allocated(client);
        assertEquals(0, code(h.bind(client, 0x4000, peer)));
        h.engine.handleDatagram(Harness.LISTEN, client, Harness.channelData(0x4000, new byte[8]), h.now);
        Transmit first = h.engine.pollTransmit();
        h.engine.handleDatagram(Harness.LISTEN, client, Harness.channelData(0x4000, new byte[8]), h.now);
        assertSame(first, h.engine.pollTransmit());
        h.engine.handleDatagram(h.relay(relayed), peer, ByteBuffer.allocate(8), h.now);
        assertNotNull(h.engine.pollTransmit());
    }
}
