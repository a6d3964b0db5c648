package dev.nat4j.stun.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

import dev.nat4j.core.Transport;
import dev.nat4j.core.TransportAddress;
import dev.nat4j.stun.StunMessage;
import dev.nat4j.stun.StunMethod;
import dev.nat4j.stun.auth.IntegrityCodec;

/**
 * Whatever arrives, the engine never throws, answers at most once, counts every datagram once, and never answers with
 * more than a fixed number of bytes beyond what it received: {@value #DEFAULT_BOUND} in the default configuration
 * (one IPv6 XOR-MAPPED-ADDRESS), {@value #RFC5780_BOUND} with RFC 5780 (four IPv6 address attributes).
 */
class StunServerEngineProperties {
    static final int DEFAULT_BOUND = 24;
    static final int RFC5780_BOUND = 4 * 24;

    /** Attribute codes worth hitting: those the server reads, some it only validates, unknown ones of both kinds. */
    private static final int[] CODES = {
        0x0001, 0x0002, 0x0003, 0x0006, 0x0008, 0x0009, 0x000A, 0x0014, 0x0015, 0x001C, 0x0020, 0x0024, 0x0026,
        0x0027, 0x0099, 0x8022, 0x8028, 0x802B, 0x802C, 0x8099, 0x0019, 0x000C,
    };

    /** One generated input: bytes plus where they arrive from and on. */
    record Input(byte[] bytes, int localIndex, boolean tcp, boolean ipv6Client) {
        @Override
        public String toString() {
            return "Input[" + java.util.HexFormat.of().formatHex(bytes) + " local=" + localIndex + " tcp=" + tcp
                    + " v6=" + ipv6Client + "]";
        }
    }

    @Property(tries = 1000, edgeCases = net.jqwik.api.EdgeCasesMode.FIRST)
    void randomBytesNeverBreakTheServer(@ForAll @Size(max = 700) byte[] bytes, @ForAll boolean rfc5780) {
        check(new Input(bytes, 0, false, false), rfc5780);
    }

    @Property(tries = 3000, edgeCases = net.jqwik.api.EdgeCasesMode.NONE)
    void structuredAndMutatedRequestsNeverBreakTheServer(@ForAll("inputs") Input input, @ForAll boolean rfc5780) {
        check(input, rfc5780);
    }

    private static void check(Input input, boolean rfc5780) {
        StunServerConfig config = StunServerConfig.defaults();
        TransportAddress local = EngineHarness.LOCAL;
        if (rfc5780) {
            config = config.withRfc5780(StunServerRfc5780Test.PAIR);
            local = input.localIndex() < 4 ? TransportAddress.udp(StunServerRfc5780Test.PAIR.address(input.localIndex()))
                    : TransportAddress.udp(dev.nat4j.core.SocketAddresses.parse("192.0.2.9:3478"));
        }
        if (input.tcp()) {
            local = local.withTransport(Transport.TCP);
        }
        InetSocketAddress client = input.ipv6Client() ? EngineHarness.CLIENT6 : EngineHarness.CLIENT;
        EngineHarness h = new EngineHarness(config);
        EngineHarness.Answer a = h.send(local, client, input.bytes()); // asserts: no internal error, counted once
        net.jqwik.api.statistics.Statistics.collect(outcome(h.engine.stats()));
        if (a != null) {
            int bound = rfc5780 ? RFC5780_BOUND : DEFAULT_BOUND;
            assertTrue(a.bytes().length <= input.bytes().length + bound,
                    a.bytes().length + " bytes answered to " + input.bytes().length);
            StunMessage request = StunMessage.parse(ByteBuffer.wrap(input.bytes()));
            StunMessage answer = a.message();
            assertTrue(request.isRequest());
            assertEquals(request.method(), answer.method());
            assertTrue(answer.isSuccessResponse() ? request.method() == StunMethod.BINDING : answer.isErrorResponse());
            assertArrayEquals(Arrays.copyOfRange(input.bytes(), 8, 20), Arrays.copyOfRange(a.bytes(), 8, 20));
            assertEquals(client.getAddress(), a.destination().getAddress(), "answers go to the source IP only");
            assertEquals(request.fingerprintIndex() >= 0, answer.fingerprintIndex() >= 0);
            if (answer.fingerprintIndex() >= 0) {
                assertTrue(IntegrityCodec.verifyFingerprint(answer));
            }
            if (!answer.isSuccessResponse() || input.tcp()) {
                assertEquals(client, a.destination(), "only a UDP success may go to RESPONSE-PORT");
            } else if (a.destination().getPort() != client.getPort()) {
                assertEquals(a.destination().getPort(),
                        request.get(dev.nat4j.stun.attribute.ResponsePort.TYPE).port(), "redirected only as asked");
            }
        }
        h.assertStillServes();
    }

    private static String outcome(StunServerStats s) {
        if (s.successResponses() > 0) {
            return "success";
        }
        if (s.badRequestResponses() > 0) {
            return "400";
        }
        if (s.unknownAttributeResponses() > 0) {
            return "420";
        }
        for (DropReason r : DropReason.values()) {
            if (s.dropped(r) > 0) {
                return "drop " + r;
            }
        }
        return "?";
    }

    @Provide
    Arbitrary<Input> inputs() {
        Arbitrary<byte[]> message = Combinators.combine(
                Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(6, Arbitraries.just(0x0001)),
                        net.jqwik.api.Tuple.of(1, Arbitraries.of(0x0011, 0x0101, 0x0111, 0x0003)),
                        net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0, 0x3FFF))),
                attributes(),
                Arbitraries.of(true, false))
                .as(StunServerEngineProperties::build);
        Arbitrary<byte[]> valid = validBindings();
        Arbitrary<byte[]> mutated = Combinators.combine(Arbitraries.oneOf(message, valid), mutations())
                .as(StunServerEngineProperties::mutate);
        return Combinators.combine(Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(1, message),
                        net.jqwik.api.Tuple.of(1, valid), net.jqwik.api.Tuple.of(3, mutated)),
                Arbitraries.integers().between(0, 4), Arbitraries.of(true, false), Arbitraries.of(true, false))
                .as(Input::new);
    }

    /** Well-formed Binding requests with the attributes the server acts on, built by the real writer. */
    private static Arbitrary<byte[]> validBindings() {
        Arbitrary<java.util.function.Consumer<dev.nat4j.stun.StunWriter>> one = Arbitraries.oneOf(
                Combinators.combine(Arbitraries.of(true, false), Arbitraries.of(true, false))
                        .as((ip, port) -> w -> w.add(new dev.nat4j.stun.attribute.ChangeRequest(ip, port))),
                Arbitraries.integers().between(0, 3000).map(n -> w -> w.add(new dev.nat4j.stun.attribute.Padding(n))),
                Arbitraries.integers().between(0, 0xFFFF)
                        .map(p -> w -> w.add(new dev.nat4j.stun.attribute.ResponsePort(p))),
                Arbitraries.strings().ofMaxLength(20).map(t -> w -> w.add(new dev.nat4j.stun.attribute.Software(t))),
                Arbitraries.just(w -> w.add(new dev.nat4j.stun.attribute.XorMappedAddress(EngineHarness.CLIENT))));
        return Combinators.combine(one.list().ofMaxSize(4), Arbitraries.of(true, false))
                .as((parts, fingerprint) -> Requests.binding(w -> {
                    parts.forEach(p -> p.accept(w));
                    if (fingerprint) {
                        w.addFingerprint();
                    }
                }));
    }

    private static Arbitrary<List<byte[]>> attributes() {
        Arbitrary<byte[]> one = Combinators.combine(
                Arbitraries.oneOf(Arbitraries.of(toList(CODES)), Arbitraries.integers().between(0, 0xFFFF)),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(40)
                        .edgeCases(e -> e.add(new byte[4])),
                Arbitraries.of(true, false))
                .as((code, value, zeroPad) -> Requests.attribute(code, value.length, value, zeroPad ? 0 : 0x5A));
        return one.list().ofMaxSize(6);
    }

    private static List<Integer> toList(int[] codes) {
        return Arrays.stream(codes).boxed().toList();
    }

    private static byte[] build(int type, List<byte[]> attributes, boolean fingerprint) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        attributes.forEach(body::writeBytes);
        byte[] withoutFingerprint = Requests.rawRequest(type, body.toByteArray());
        if (!fingerprint) {
            return withoutFingerprint;
        }
        byte[] m = Arrays.copyOf(withoutFingerprint, withoutFingerprint.length + 8);
        int bodyLength = m.length - 20;
        m[2] = (byte) (bodyLength >>> 8);
        m[3] = (byte) bodyLength;
        ByteBuffer b = ByteBuffer.wrap(m);
        b.putShort(m.length - 8, (short) 0x8028).putShort(m.length - 6, (short) 4);
        b.putInt(m.length - 4, IntegrityCodec.fingerprint(b, 0, m.length - 8));
        return m;
    }

    /** A mutation: kind 0 flips bytes, 1 truncates, 2 appends, 3 rewrites the length field. */
    record Mutation(int kind, int where, int value) {
    }

    private static Arbitrary<List<Mutation>> mutations() {
        return Combinators.combine(Arbitraries.integers().between(0, 3), Arbitraries.integers().between(0, 10_000),
                Arbitraries.integers().between(0, 0xFFFF)).as(Mutation::new).list().ofMinSize(1).ofMaxSize(3);
    }

    private static byte[] mutate(byte[] m, List<Mutation> mutations) {
        byte[] b = m;
        for (Mutation x : mutations) {
            if (b.length == 0) {
                break;
            }
            int at = x.where() % b.length;
            switch (x.kind()) {
                case 0 -> {
                    b = b.clone();
                    b[at] ^= (byte) (x.value() | 1);
                }
                case 1 -> b = Arrays.copyOf(b, at);
                case 2 -> b = Arrays.copyOf(b, b.length + 1 + x.value() % 64);
                default -> {
                    if (b.length >= 4) {
                        b = b.clone();
                        b[2] = (byte) (x.value() >>> 8);
                        b[3] = (byte) x.value();
                    }
                }
            }
        }
        return b;
    }
}
