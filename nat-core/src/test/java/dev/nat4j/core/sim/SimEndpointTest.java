package dev.nat4j.core.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.nat4j.core.Engine;
import dev.nat4j.core.Transmit;
import dev.nat4j.core.Transport;
import dev.nat4j.core.TransportAddress;

/** How the network drives one engine: sockets, sources, buffer ownership, raw traffic. */
@ExtendWith(SimSeedReporter.class)
class SimEndpointTest {

    private final SimNetwork net = new SimNetwork(71);
    private final SimHost server = net.internet().addHost("server", "192.0.2.1", "192.0.2.2");
    private final SimHost peer = net.internet().addHost("peer", "198.51.100.9");
    private final SimEndpoint<EchoEngine.Received> peerEp = peer.attach(new EchoEngine(), 7000);

    private static String text(EchoEngine.Received r) {
        return r.text();
    }

    @Test
    void socketsAreAddressMajorAndTheFirstIsTheDefaultSource() {
        SimEndpoint<EchoEngine.Received> ep = server.attach(new EchoEngine(), 3478, 3479);
        assertEquals(List.of("udp:192.0.2.1:3478", "udp:192.0.2.1:3479", "udp:192.0.2.2:3478", "udp:192.0.2.2:3479"),
                ep.sockets().stream().map(TransportAddress::toString).toList());
        net.execute(() -> {
            ((EchoEngine) ep.engine()).send(null, peerEp.localAddress().socketAddress(), "default");
            ((EchoEngine) ep.engine()).send(ep.sockets().get(3), peerEp.localAddress().socketAddress(), "chosen");
        });
        net.runFor(Duration.ofSeconds(1));
        assertEquals(List.of(server.socket(0, 3478), server.socket(1, 3479)),
                peerEp.events().stream().map(EchoEngine.Received::remote).toList());
    }

    @Test
    void datagramsArriveWithTheLocalSocketTheyHit() {
        SimEndpoint<EchoEngine.Received> ep = server.attach(new EchoEngine(), 3478, 3479);
        peer.send(peer.socket(1), server.socket(1, 3479), "hi".getBytes());
        net.runFor(Duration.ofSeconds(1));
        EchoEngine.Received got = ep.events().get(0);
        assertEquals(new TransportAddress(server.addresses().get(1), 3479, Transport.UDP), got.local());
        assertEquals(peer.socket(1), got.remote());
    }

    @Test
    void sendingFromAnUnboundSocketIsCountedAsABadSource() {
        SimEndpoint<EchoEngine.Received> ep = server.attach(new EchoEngine(), 3478);
        TransportAddress notMine = TransportAddress.udp(server.socket(1, 3479));
        net.execute(() -> ((EchoEngine) ep.engine()).send(notMine, peer.socket(7000), "x"));
        net.execute(() -> ((EchoEngine) ep.engine()).send(ep.localAddress().withTransport(Transport.TCP),
                peer.socket(7000), "y"));
        net.runFor(Duration.ofSeconds(1));
        assertTrue(peerEp.events().isEmpty());
        assertEquals(2, net.stats().dropped(DropReason.BAD_SOURCE), net.describe());
    }

    /** Reuses one buffer for every transmit, as engines may: the network must copy at send time. */
    private static final class BufferReusingEngine implements Engine<Void> {
        private final ByteBuffer shared = ByteBuffer.allocate(16);
        private final ArrayDeque<String> pending = new ArrayDeque<>(List.of("first", "second", "third"));
        private final InetSocketAddress to;

        BufferReusingEngine(InetSocketAddress to) {
            this.to = to;
        }

        @Override
        public void handleDatagram(TransportAddress local, InetSocketAddress remote, ByteBuffer payload, long now) {
        }

        @Override
        public void handleTimeout(long now) {
        }

        @Override
        public Transmit pollTransmit() {
            String next = pending.poll();
            if (next == null) {
                shared.clear().put("garbage".getBytes(StandardCharsets.UTF_8));
                return null;
            }
            shared.clear().put(next.getBytes(StandardCharsets.UTF_8)).flip();
            return new Transmit(null, to, shared);
        }

        @Override
        public long pollTimeout() {
            return NO_TIMEOUT;
        }

        @Override
        public Void pollEvent() {
            return null;
        }
    }

    @Test
    void payloadsAreCopiedWhenSent() {
        server.attach(new BufferReusingEngine(peer.socket(7000)), 5555);
        net.runFor(Duration.ofSeconds(1));
        assertEquals(List.of("first", "second", "third"), peerEp.events().stream().map(SimEndpointTest::text)
                .toList());
    }

    @Test
    void aPortNobodyBoundIsUnreachable() {
        peer.send(peer.socket(1), server.socket(0, 4000), "anyone?".getBytes());
        net.runFor(Duration.ofSeconds(1));
        assertEquals(1, net.stats().dropped(DropReason.PORT_UNREACHABLE));
    }

    @Test
    void privateAddressesAreNotRoutedOnTheInternet() {
        peer.send(peer.socket(1), new InetSocketAddress("10.1.2.3", 4000), "lost".getBytes());
        net.runFor(Duration.ofSeconds(1));
        assertEquals(1, net.stats().dropped(DropReason.NO_ROUTE));
    }

    @Test
    void injectedDatagramsCanCarryAnySource() {
        InetSocketAddress spoofed = new InetSocketAddress("203.0.113.200", 53);
        net.internet().inject(new SimDatagram(spoofed, peer.socket(7000), "spoof".getBytes()));
        net.runFor(Duration.ofSeconds(1));
        assertEquals(spoofed, peerEp.events().get(0).remote());
    }

    @Test
    void aClosedEndpointGetsNothingAndItsPortsAreFree() {
        peerEp.close();
        server.send(server.socket(1), peer.socket(7000), "late".getBytes());
        net.runFor(Duration.ofSeconds(1));
        assertTrue(peerEp.events().isEmpty());
        assertEquals(1, net.stats().dropped(DropReason.PORT_UNREACHABLE));
        assertFalse(peer.attach(new EchoEngine(), 7000).isClosed());
    }

    @Test
    void bindingMistakesAreRejectedAtOnce() {
        assertThrows(IllegalArgumentException.class, () -> peer.attach(new EchoEngine(), 7000));
        assertThrows(IllegalArgumentException.class,
                () -> peer.attachAt(new EchoEngine(), new InetSocketAddress("192.0.2.1", 1)));
        assertThrows(IllegalArgumentException.class, () -> net.internet().addHost("peer2", "198.51.100.9"));
        assertThrows(IllegalArgumentException.class, () -> net.internet().addHost("peer"));
        assertThrows(IllegalArgumentException.class, () -> net.at(-1, () -> { }));
    }

    @Test
    void ephemeralPortsAreHandedOutWhenZeroIsAsked() {
        SimEndpoint<EchoEngine.Received> a = peer.attach(new EchoEngine(), 0);
        SimEndpoint<EchoEngine.Received> b = peer.attach(new EchoEngine(), 0);
        assertTrue(a.localAddress().port() >= 49152);
        assertFalse(a.localAddress().equals(b.localAddress()));
    }

    @Test
    void eventsAreCollectedAndHandedToTheListener() {
        List<EchoEngine.Received> heard = new java.util.ArrayList<>();
        peerEp.onEvent(heard::add);
        server.send(server.socket(1), peer.socket(7000), "one".getBytes());
        server.send(server.socket(1), peer.socket(7000), "two".getBytes());
        net.runFor(Duration.ofSeconds(1));
        assertEquals(peerEp.events(), heard);
        assertEquals(2, peerEp.events(EchoEngine.Received.class).size());
        peerEp.clearEvents();
        assertTrue(peerEp.events().isEmpty());
    }

    @Test
    void theTraceTellsTheStory() {
        SimNetwork traced = new SimNetwork(72).enableTrace();
        SimHost s = traced.internet().addHost("s", "192.0.2.1");
        s.attach(new EchoEngine(), 3478);
        SimHost c = traced.addLan("home", NatKind.PORT_RESTRICTED_CONE).addHost("c");
        SimEndpoint<EchoEngine.Received> ep = c.attach(new EchoEngine(), 40000);
        traced.execute(() -> ((EchoEngine) ep.engine()).send(null, s.socket(3478), "ASK t"));
        traced.runUntilIdle(Duration.ofSeconds(1));
        String all = String.join("\n", traced.trace());
        assertTrue(all.contains("home: map 192.168.1.2:40000 => 203.0.113.1:40000"), all);
        assertTrue(all.contains("s: deliver 203.0.113.1:40000 -> 192.0.2.1:3478"), all);
        assertTrue(all.contains("c: event Received"), all);
    }

    @Test
    void socketsCanBeBoundAndReleasedWhileRunning() {
        EchoEngine relay = new EchoEngine();
        SimEndpoint<EchoEngine.Received> ep = server.attach(relay, 3478);
        TransportAddress extra = ep.bind(new InetSocketAddress(server.addresses().get(1), 0));
        assertTrue(extra.port() >= 49152, extra.toString());
        peer.send(peer.socket(1), extra.socketAddress(), "to the new port".getBytes());
        net.execute(() -> relay.send(extra, peer.socket(7000), "from the new port"));
        net.runFor(Duration.ofSeconds(1));
        assertEquals(extra, ep.events().get(0).local());
        assertEquals(extra.socketAddress(), peerEp.events().get(0).remote());

        ep.unbind(extra);
        peer.send(peer.socket(1), extra.socketAddress(), "too late".getBytes());
        net.runFor(Duration.ofSeconds(1));
        assertEquals(1, ep.events().size());
        assertEquals(1, net.stats().dropped(DropReason.PORT_UNREACHABLE));
        assertThrows(IllegalArgumentException.class, () -> ep.unbind(ep.localAddress()));
    }
}
