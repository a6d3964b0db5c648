package dev.nat4j.turn.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.nat4j.turn.ChannelData;

/**
 * The round trips every real-server interop test runs: allocate, Send/Data through a permission, ChannelData through
 * a bound channel, an explicit permission and a peer that sends first, the receive handler, and close with Refresh 0.
 */
final class RelayRoundTrips {
    private static final Duration WAIT = Duration.ofSeconds(5);

    private RelayRoundTrips() {}

    static void run(TurnClient.Builder builder) throws Exception {
        run(builder, InetAddress.getByName("127.0.0.1"));
    }

    /** As {@link #run(TurnClient.Builder)} with the relay and the peer on {@code loopback} (127.0.0.1 or ::1). */
    static void run(TurnClient.Builder builder, InetAddress loopback) throws Exception {
        try (TurnClient turn = builder.autoBindChannels(false).build(); EchoPeer peer = new EchoPeer(loopback)) {
            RelayEndpoint relay = turn.allocate().get(15, TimeUnit.SECONDS);
            List<TurnEvent.PeerData> data = new CopyOnWriteArrayList<>();
            relay.onEvent(e -> {
                if (e instanceof TurnEvent.PeerData d) {
                    data.add(d);
                }
            });
            assertEquals(loopback, relay.relayedAddress().getAddress());
            assertNotNull(relay.mappedAddress());
            assertTrue(relay.lifetimeSeconds() > 0);

            assertTrue(relay.send(peer.address(), "via send indication".getBytes(StandardCharsets.UTF_8)));
            RelayedPacket echoed = relay.receive(WAIT);
            assertNotNull(echoed, "no echo through Send/Data indications");
            assertEquals("via send indication", text(echoed));
            assertEquals(peer.address(), echoed.peer());
            awaitSize(data, 1);
            assertEquals(0, data.get(0).channel(), "arrived in a Data indication");

            int channel = relay.bindChannel(peer.address()).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertTrue(ChannelData.isValidChannel(channel));
            relay.send(peer.address(), "via channel".getBytes(StandardCharsets.UTF_8));
            echoed = relay.receive(WAIT);
            assertNotNull(echoed, "no echo through ChannelData");
            assertEquals("via channel", text(echoed));
            awaitSize(data, 2);
            assertEquals(channel, data.get(1).channel(), "arrived as ChannelData");

            relay.createPermission(loopback).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            try (DatagramSocket first = new DatagramSocket(new InetSocketAddress(loopback, 0))) {
                byte[] hello = "peer speaks first".getBytes(StandardCharsets.UTF_8);
                first.send(new DatagramPacket(hello, hello.length, relay.relayedAddress()));
                RelayedPacket got = relay.receive(WAIT);
                assertNotNull(got, "a permitted peer could not reach the relayed address");
                assertEquals("peer speaks first", text(got));
                assertEquals(first.getLocalSocketAddress(), got.peer());

                BlockingQueue<RelayedPacket> handed = new LinkedBlockingQueue<>();
                relay.onReceive(handed::add);
                byte[] again = "to the handler".getBytes(StandardCharsets.UTF_8);
                first.send(new DatagramPacket(again, again.length, relay.relayedAddress()));
                RelayedPacket viaHandler = handed.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                assertNotNull(viaHandler, "the receive handler got nothing");
                assertEquals("to the handler", text(viaHandler));
            }

            relay.close();
            assertTrue(relay.endFuture().isDone());
            assertFalse(relay.isOpen());
            assertFalse(relay.send(peer.address(), new byte[] {1}));
        }
    }

    /** Event handlers run just after the datagram is queued: wait (bounded) for them to catch up. */
    private static void awaitSize(List<?> list, int size) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (list.size() < size && System.nanoTime() - deadline < 0) {
            Thread.onSpinWait();
            Thread.yield();
        }
        assertTrue(list.size() >= size, "expected " + size + " data events, got " + list);
    }

    static String text(RelayedPacket p) {
        return new String(p.bytes(), StandardCharsets.UTF_8);
    }
}
