package dev.nat4j.turn.server;

import static dev.nat4j.turn.server.Harness.addr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

import dev.nat4j.core.Transmit;
import dev.nat4j.core.TransportAddress;
import dev.nat4j.stun.StunMethod;
import dev.nat4j.stun.attribute.ChannelNumber;
import dev.nat4j.stun.attribute.Data;
import dev.nat4j.stun.attribute.Lifetime;
import dev.nat4j.stun.attribute.RequestedTransport;
import dev.nat4j.stun.attribute.XorPeerAddress;

/**
 * Random and mutated datagrams from a few 5-tuples into an engine with a live allocation: nothing throws, tables stay
 * within their caps, and nothing is ever relayed to an address the filter denies.
 */
class TurnServerEngineProperties {
    /** Independent of PeerFilter, so that a broken filter fails this property too. */
    private static final java.util.Set<String> MUST_NOT_REACH = java.util.Set.of("127.0.0.1", "10.0.0.7",
            "169.254.169.254", "0.0.0.0", "224.0.0.1", "192.168.0.1");
    private static final List<String> PEERS = List.of("93.184.216.34", "8.8.8.8", "127.0.0.1", "10.0.0.7",
            "169.254.169.254", "::ffff:127.0.0.1", "0.0.0.0", "224.0.0.1", "1.1.1.1", "192.168.0.1");

    @Provide
    Arbitrary<byte[]> datagrams() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(300);
        Arbitrary<byte[]> mutated = Combinators.combine(seeds(), Arbitraries.integers().between(0, 10_000),
                Arbitraries.bytes(), Arbitraries.integers().between(0, 8)).as((seed, where, value, cut) -> {
                    byte[] b = seed.clone();
                    if (b.length > 0) {
                        b[where % b.length] = value;
                    }
                    return java.util.Arrays.copyOf(b, Math.max(0, b.length - cut));
                });
        return Arbitraries.oneOf(random, mutated, seeds());
    }

    private Arbitrary<byte[]> seeds() {
        // a nonce valid for the client during the whole property (fixed secret and start time, 280 s of inputs)
        String nonce = new Harness().nonce(addr("10.0.0.1", 5000));
        return Arbitraries.of(PEERS).flatMap(p -> Arbitraries.of(0x4000, 0x4001, 0x3FFF, 0x5000).map(ch -> {
            InetSocketAddress peer = addr(p, 4000);
            return List.of(
                    TestMessage.request(StunMethod.CREATE_PERMISSION).add(new XorPeerAddress(peer))
                            .auth(Harness.USER, Harness.REALM, nonce, Harness.PASSWORD).build(),
                    TestMessage.request(StunMethod.CHANNEL_BIND).add(new ChannelNumber(ch), new XorPeerAddress(peer))
                            .auth(Harness.USER, Harness.REALM, nonce, Harness.PASSWORD).build(),
                    TestMessage.indication(StunMethod.SEND).add(new XorPeerAddress(peer), new Data(new byte[5]))
                            .build(),
                    TestMessage.request(StunMethod.ALLOCATE).add(RequestedTransport.udp(), new Lifetime(0)).build(),
                    Harness.channelData(ch, new byte[7]));
        }).flatMap(Arbitraries::of)).map(b -> {
            byte[] out = new byte[b.remaining()];
            b.get(out);
            return out;
        });
    }

    @Property(tries = 1000)
    void engineSurvivesHostileInput(@ForAll @Size(max = 40) List<@net.jqwik.api.From("datagrams") byte[]> inputs,
                                    @ForAll @Size(max = 40) List<@net.jqwik.api.constraints.IntRange(max = 3) Integer>
                                            sources) {
        Harness h = new Harness(b -> b.maxPermissionsPerAllocation(4).maxChannelsPerAllocation(4));
        InetSocketAddress client = addr("10.0.0.1", 5000);
        InetSocketAddress relayed = h.allocated(client);
        TransportAddress relay = h.relay(relayed);
        h.permit(client, addr("93.184.216.34", 1));
        h.bind(client, 0x4000, addr("8.8.8.8", 53));
        PeerFilter filter = h.engine.config().peerFilter();
        for (int i = 0; i < inputs.size(); i++) {
            int s = i < sources.size() ? sources.get(i) : 0;
            TransportAddress local = s == 3 ? relay : Harness.LISTEN;
            InetSocketAddress from = s == 1 ? addr("10.0.0.2", 5000) : s == 3 ? addr("93.184.216.34", 7) : client;
            h.engine.handleDatagram(local, from, ByteBuffer.wrap(inputs.get(i)), h.now);
            for (Transmit t; (t = h.engine.pollTransmit()) != null; ) {
                if (t.source() != null && t.source().equals(relay)) {
                    Transmit sent = t;
                    assertTrue(filter.isAllowed(t.destination().getAddress()), () -> "relayed to " + sent);
                    assertTrue(!MUST_NOT_REACH.contains(t.destination().getAddress().getHostAddress()),
                            () -> "relayed to " + sent);
                }
            }
            h.now += 7_000_000_000L;
            h.engine.handleTimeout(h.now);
        }
        assertEquals(0, h.engine.internalErrors());
        int[] sizes = h.engine.tableSizes(Harness.LISTEN, client);
        assertTrue(sizes[0] <= 4 && sizes[1] <= 4, () -> java.util.Arrays.toString(sizes));
        assertTrue(h.engine.allocationCount() <= 1);
    }
}
