package dev.nat4j.turn.client;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import dev.nat4j.core.Transmit;
import dev.nat4j.stun.MessageClass;
import dev.nat4j.stun.StunMessage;
import dev.nat4j.stun.StunWriter;

/**
 * Whatever the server (or someone spoofing it) sends, the engine never throws: random bytes, ChannelData-looking
 * bytes, and real responses to the engine's own outstanding requests with random attribute bodies.
 */
class TurnClientEngineProperties {
    private static final InetSocketAddress SERVER = new InetSocketAddress("192.0.2.1", 3478);
    private static final InetSocketAddress PEER = new InetSocketAddress("198.51.100.20", 6000);

    private static EngineHarness allocatedWithTraffic() {
        ScriptedTurnServer server = new ScriptedTurnServer(SERVER);
        EngineHarness h = new EngineHarness(TurnClientConfig.of("alice", "secret"), server);
        h.start(server);
        h.engine.send(PEER, ByteBuffer.wrap(new byte[] {1, 2, 3}), h.now);
        h.pump();
        return h;
    }

    @Property(tries = 300)
    void arbitraryBytesFromTheServerNeverThrow(@ForAll("datagrams") byte[] datagram) {
        EngineHarness h = allocatedWithTraffic();
        h.engine.handleDatagram(h.local, SERVER, ByteBuffer.wrap(datagram), h.now);
        h.pump();
        h.advance(Duration.ofMinutes(11));
    }

    @Property(tries = 300)
    void forgedAnswersToOutstandingRequestsNeverThrow(@ForAll("classes") MessageClass answerClass,
            @ForAll("attributes") int type, @ForAll("values") byte[] value) {
        ScriptedTurnServer server = new ScriptedTurnServer(SERVER);
        EngineHarness h = new EngineHarness(TurnClientConfig.of("alice", "secret"), server);
        server.silent = true;
        h.engine.start(h.local, SERVER, h.now);
        Transmit t = h.engine.pollTransmit();
        StunMessage request = StunMessage.parse(t.payload().duplicate());
        ByteBuffer answer = new StunWriter(ByteBuffer.allocate(1500))
                .start(request.method(), answerClass, request.transactionId())
                .addRaw(type, value)
                .finish();
        h.engine.handleDatagram(h.local, SERVER, answer, h.now);
        h.pump();
        h.advance(Duration.ofMinutes(1));
    }

    @Provide
    Arbitrary<byte[]> datagrams() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(200);
        Arbitrary<byte[]> channelLike = random.map(b -> {
            byte[] c = new byte[Math.max(4, b.length)];
            System.arraycopy(b, 0, c, 0, b.length);
            c[0] = 0x40;
            return c;
        });
        return Arbitraries.oneOf(random, channelLike);
    }

    @Provide
    Arbitrary<MessageClass> classes() {
        return Arbitraries.of(MessageClass.SUCCESS_RESPONSE, MessageClass.ERROR_RESPONSE);
    }

    @Provide
    Arbitrary<Integer> attributes() {
        // ERROR-CODE, REALM, NONCE, LIFETIME, XOR-RELAYED/MAPPED/PEER, ALTERNATE-SERVER, PASSWORD-ALGORITHMS, MI
        return Arbitraries.of(0x0009, 0x0014, 0x0015, 0x000D, 0x0016, 0x0020, 0x0012, 0x8023, 0x8002, 0x0008);
    }

    @Provide
    Arbitrary<byte[]> values() {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(64);
    }
}
