package dev.nat4j.stun;

import static dev.nat4j.stun.StunTestSupport.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import dev.nat4j.stun.attribute.AttributeArbitraries;
import dev.nat4j.stun.auth.IntegrityCodec;

/**
 * Whole-message properties: random attribute lists round-trip; any single-byte change is caught by
 * MESSAGE-INTEGRITY(-SHA256) or FINGERPRINT; parsing anything throws nothing but {@link StunParseException}; padding
 * is always written as zeros, whatever the buffer held before (CVE-2020-4067 class).
 */
class StunMessageProperties {

    /** What a generated message holds, so that it can be rebuilt and compared. */
    record Spec(int method, MessageClass messageClass, byte[] id, List<StunAttribute> attributes, byte[] key,
            boolean mi, boolean miSha256, boolean fingerprint) {

        ByteBuffer encodeInto(ByteBuffer out) {
            StunWriter w = new StunWriter(out).start(method, messageClass, TransactionId.of(id));
            for (StunAttribute a : attributes) {
                w.add(a);
            }
            if (mi) {
                w.addMessageIntegrity(key);
            }
            if (miSha256) {
                w.addMessageIntegritySha256(key);
            }
            if (fingerprint) {
                w.addFingerprint();
            }
            return w.finish();
        }

        byte[] encode() {
            return bytes(encodeInto(StunTestSupport.bigBuffer()));
        }

        @Override
        public String toString() {
            return "Spec[method=" + method + ", " + messageClass + ", attributes=" + attributes + ", mi=" + mi
                    + ", miSha256=" + miSha256 + ", fingerprint=" + fingerprint + "]";
        }
    }

    @Provide
    Arbitrary<Spec> messages() {
        Arbitrary<Integer> method = Arbitraries.oneOf(Arbitraries.of(0x001, 0x003, 0x0FFF, 0),
                Arbitraries.integers().between(0, 0xFFF));
        Arbitrary<byte[]> id = Arbitraries.bytes().array(byte[].class).ofSize(12);
        Arbitrary<List<StunAttribute>> attributes = AttributeArbitraries.anyBodyAttribute().list().ofMaxSize(10);
        Arbitrary<byte[]> key = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(80);
        Arbitrary<Boolean> flag = Arbitraries.of(true, false);
        return Combinators.combine(method, Arbitraries.of(MessageClass.class), id, attributes, key, flag, flag, flag)
                .as(Spec::new);
    }

    @Provide
    Arbitrary<Spec> protectedMessages() {
        return messages().filter(s -> s.mi || s.miSha256 || s.fingerprint);
    }

    @Property(tries = 1500)
    void wholeMessagesRoundTrip(@ForAll("messages") Spec spec) {
        byte[] wire = spec.encode();
        StunMessage m = StunMessage.parse(ByteBuffer.wrap(wire));
        assertEquals(spec.method, m.method());
        assertEquals(spec.messageClass, m.messageClass());
        assertArrayEquals(spec.id, m.transactionId().toBytes());
        int expectedCount = spec.attributes.size() + (spec.mi ? 1 : 0) + (spec.miSha256 ? 1 : 0)
                + (spec.fingerprint ? 1 : 0);
        assertEquals(expectedCount, m.attributeCount());
        for (int i = 0; i < spec.attributes.size(); i++) {
            StunAttribute a = spec.attributes.get(i);
            assertEquals(a.type(), m.attributeType(i));
            Object decoded = AttributeRegistry.typeOf(a.type()).decode(m, m.valueOffset(i), m.valueLength(i));
            assertEquals(a, decoded, "attribute " + i);
        }
        assertEquals(-1, m.firstUnknownComprehensionRequired(AttributeRegistry::isKnown));
        if (spec.mi) {
            assertTrue(IntegrityCodec.verifyIntegrity(m, spec.key));
        }
        if (spec.miSha256) {
            assertTrue(IntegrityCodec.verifyIntegritySha256(m, spec.key));
        }
        if (spec.mi || spec.miSha256) {
            assertTrue(IntegrityCodec.verify(m, spec.key));
        }
        assertEquals(spec.fingerprint, IntegrityCodec.verifyFingerprint(m));

        // rebuilding from the view's raw values reproduces the same bytes
        StunWriter w = new StunWriter(StunTestSupport.bigBuffer()).startType(m.messageType(), m.transactionId());
        for (int i = 0; i < spec.attributes.size(); i++) {
            w.addRaw(m.attributeType(i), m.buffer().slice(m.valueOffset(i), m.valueLength(i)));
        }
        if (spec.mi) {
            w.addMessageIntegrity(spec.key);
        }
        if (spec.miSha256) {
            w.addMessageIntegritySha256(spec.key);
        }
        if (spec.fingerprint) {
            w.addFingerprint();
        }
        assertArrayEquals(wire, bytes(w.finish()));
    }

    @Property(tries = 3000)
    void anySingleByteChangeIsDetected(@ForAll("protectedMessages") Spec spec, @ForAll int where,
            @ForAll @IntRange(min = 1, max = 255) int mask) {
        byte[] wire = spec.encode();
        int at = Math.floorMod(where, wire.length);
        wire[at] ^= (byte) mask;
        StunMessage m = new StunMessage();
        if (!m.wrap(ByteBuffer.wrap(wire))) {
            return; // rejected outright: detected
        }
        boolean intact = true;
        if (spec.mi) {
            intact &= IntegrityCodec.verifyIntegrity(m, spec.key);
        }
        if (spec.miSha256) {
            intact &= IntegrityCodec.verifyIntegritySha256(m, spec.key);
        }
        if (spec.fingerprint) {
            intact &= IntegrityCodec.verifyFingerprint(m);
        }
        assertFalse(intact, "a change at byte " + at + " went unnoticed");
    }

    @Property(tries = 5000)
    void parsingRandomBytesThrowsOnlyStunParseException(@ForAll @Size(max = 120) byte[] bytes) {
        parseAndDecodeEverything(bytes);
    }

    @Property(tries = 5000)
    void parsingRandomBodiesBehindAValidHeaderThrowsOnlyStunParseException(
            @ForAll @IntRange(max = 40) int words, @ForAll("seeds") long seed) {
        java.util.Random random = new java.util.Random(seed);
        byte[] bytes = new byte[StunMessage.HEADER_LENGTH + 4 * words];
        random.nextBytes(bytes);
        bytes[0] &= 0x3F;
        bytes[2] = (byte) ((4 * words) >>> 8);
        bytes[3] = (byte) (4 * words);
        ByteBuffer.wrap(bytes).putInt(4, StunMessage.MAGIC_COOKIE);
        // bias attribute types towards registered ones so their decoders see garbage too
        List<Integer> codes = AttributeRegistry.all().stream().map(AttributeType::code).toList();
        for (int at = StunMessage.HEADER_LENGTH; at + 4 <= bytes.length; at += 4) {
            if (random.nextInt(4) == 0) {
                int code = codes.get(random.nextInt(codes.size()));
                bytes[at] = (byte) (code >>> 8);
                bytes[at + 1] = (byte) code;
                bytes[at + 2] = 0;
                bytes[at + 3] = (byte) random.nextInt(Math.max(1, bytes.length - at - 4));
            }
        }
        parseAndDecodeEverything(bytes);
    }

    @Provide
    Arbitrary<Long> seeds() {
        return Arbitraries.longs();
    }

    @Property(tries = 3000)
    void parsingMutatedValidMessagesThrowsOnlyStunParseException(@ForAll("messages") Spec spec,
            @ForAll("seeds") long seed) {
        java.util.Random random = new java.util.Random(seed);
        byte[] wire = spec.encode();
        byte[] mutated = switch (random.nextInt(4)) {
            case 0 -> Arrays.copyOf(wire, random.nextInt(wire.length + 1)); // truncation
            case 1 -> { // a few byte changes
                byte[] b = wire.clone();
                for (int i = 0, n = 1 + random.nextInt(4); i < n; i++) {
                    b[random.nextInt(b.length)] = (byte) random.nextInt(256);
                }
                yield b;
            }
            case 2 -> { // an attribute length field rewritten, header length fixed up to match
                byte[] b = wire.clone();
                if (b.length > StunMessage.HEADER_LENGTH + 4) {
                    int at = StunMessage.HEADER_LENGTH + 2;
                    b[at] = (byte) random.nextInt(256);
                    b[at + 1] = (byte) random.nextInt(256);
                }
                yield b;
            }
            default -> { // extra bytes with the length field adjusted
                int extra = 4 * random.nextInt(4);
                byte[] b = Arrays.copyOf(wire, wire.length + extra);
                for (int i = wire.length; i < b.length; i++) {
                    b[i] = (byte) random.nextInt(256);
                }
                int body = b.length - StunMessage.HEADER_LENGTH;
                b[2] = (byte) (body >>> 8);
                b[3] = (byte) body;
                yield b;
            }
        };
        parseAndDecodeEverything(mutated);
    }

    /** Parses, decodes every indexed attribute and runs every check; only StunParseException may come out. */
    static void parseAndDecodeEverything(byte[] bytes) {
        StunMessage m;
        try {
            m = StunMessage.parse(ByteBuffer.wrap(bytes));
        } catch (StunParseException expected) {
            assertEquals(null, StunMessage.tryParse(ByteBuffer.wrap(bytes)));
            return;
        }
        for (int i = 0; i < m.attributeCount(); i++) {
            AttributeType<?> type = AttributeRegistry.typeOf(m.attributeType(i));
            if (type != null) {
                try {
                    type.decode(m, m.valueOffset(i), m.valueLength(i));
                } catch (StunParseException expected) {
                    // reported malformed: fine
                }
            }
        }
        byte[] key = {1, 2, 3};
        IntegrityCodec.verify(m, key);
        IntegrityCodec.verifyIntegrity(m, key);
        IntegrityCodec.verifyIntegritySha256(m, key);
        IntegrityCodec.verifyFingerprint(m);
        m.unknownComprehensionRequired(AttributeRegistry::isKnown);
        m.toString();
    }

    @Property(tries = 1500)
    void paddingIsAlwaysZeroEvenInADirtyBuffer(@ForAll("messages") Spec spec) {
        ByteBuffer dirty = StunTestSupport.bigBuffer();
        Arrays.fill(dirty.array(), (byte) 0xAA);
        ByteBuffer out = spec.encodeInto(dirty);
        StunMessage m = StunMessage.parse(out);
        for (int i = 0; i < m.attributeCount(); i++) {
            int end = m.valueOffset(i) + m.valueLength(i);
            int paddedEnd = m.valueOffset(i) + ((m.valueLength(i) + 3) & ~3);
            for (int p = end; p < paddedEnd; p++) {
                assertEquals(0, out.get(p), "padding byte of attribute " + i);
            }
        }
        assertArrayEquals(spec.encode(), bytes(out), "a dirty buffer gives the same bytes as a clean one");
    }
}
