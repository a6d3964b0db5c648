package dev.nat4j.stun;

import static dev.nat4j.stun.StunTestSupport.bigBuffer;
import static dev.nat4j.stun.StunTestSupport.bytes;
import static dev.nat4j.stun.StunTestSupport.hex;
import static dev.nat4j.stun.StunTestSupport.rawRequest;
import static dev.nat4j.stun.StunTestSupport.tx;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import dev.nat4j.stun.attribute.Lifetime;
import dev.nat4j.stun.attribute.MessageIntegrity;
import dev.nat4j.stun.attribute.MessageIntegritySha256;
import dev.nat4j.stun.attribute.Fingerprint;
import dev.nat4j.stun.attribute.Nonce;
import dev.nat4j.stun.attribute.Realm;
import dev.nat4j.stun.attribute.Software;
import dev.nat4j.stun.attribute.Username;
import dev.nat4j.stun.attribute.XorMappedAddress;
import dev.nat4j.stun.attribute.XorPeerAddress;
import dev.nat4j.stun.auth.IntegrityCodec;

/** The structure rules of RFC 8489 §5, §6.3, §14 as {@link StunMessage} applies them (SECURITY-NOTES B2-B9). */
class StunMessageStructureTest {
    private static final byte[] KEY = "secret".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    private static StunWriter writer() {
        return new StunWriter(bigBuffer()).start(StunMethod.ALLOCATE, MessageClass.REQUEST, tx(3));
    }

    private static StunMessage parse(byte[] bytes) {
        return StunMessage.parse(ByteBuffer.wrap(bytes));
    }

    private static void assertRejected(byte[] bytes) {
        assertThrows(StunParseException.class, () -> parse(bytes));
        assertNull(StunMessage.tryParse(ByteBuffer.wrap(bytes)));
        assertFalse(new StunMessage().wrap(ByteBuffer.wrap(bytes)));
    }

    /** Appends a raw attribute after the end of {@code message} and fixes the header length. */
    private static byte[] append(byte[] message, int type, byte[] value) {
        int padded = (value.length + 3) & ~3;
        byte[] out = Arrays.copyOf(message, message.length + 4 + padded);
        ByteBuffer b = ByteBuffer.wrap(out);
        b.putShort(message.length, (short) type).putShort(message.length + 2, (short) value.length);
        b.put(message.length + 4, value);
        b.putShort(2, (short) (out.length - StunMessage.HEADER_LENGTH));
        return out;
    }

    @Test
    void attributesAfterMessageIntegrityAreIgnored() {
        byte[] signed = bytes(writer().add(new Lifetime(600)).addMessageIntegrity(KEY).finish());
        // coturn's test: a LIFETIME appended after MI still passes the HMAC, so the parser must drop it
        byte[] tampered = append(append(signed, Lifetime.CODE, new byte[] {0, 0, 0, 1}),
                XorPeerAddress.CODE, hex("0001 a147 e112a643"));
        StunMessage m = parse(tampered);
        assertTrue(IntegrityCodec.verifyIntegrity(m, KEY));
        assertEquals(new Lifetime(600), m.get(Lifetime.TYPE), "the covered lifetime, not the appended one");
        assertFalse(m.has(XorPeerAddress.TYPE));
        assertEquals(2, m.attributeCount());
    }

    @Test
    void integritySha256AndFingerprintAfterIntegrityAreKept() {
        byte[] wire = bytes(writer().add(new Username("u")).addMessageIntegrity(KEY).addMessageIntegritySha256(KEY)
                .addFingerprint().finish());
        StunMessage m = parse(wire);
        assertEquals(4, m.attributeCount());
        assertTrue(IntegrityCodec.verifyIntegrity(m, KEY));
        assertTrue(IntegrityCodec.verifyIntegritySha256(m, KEY));
        assertTrue(IntegrityCodec.verifyFingerprint(m));
        assertEquals(-1, m.firstUnknownComprehensionRequired(AttributeRegistry::isKnown),
                "MI, MI-SHA256 and FINGERPRINT are understood (a 420 for them would break every client)");
    }

    @Test
    void afterIntegritySha256OnlyFingerprintCounts() {
        byte[] signed = bytes(writer().add(new Username("u")).addMessageIntegritySha256(KEY).finish());
        byte[] tampered = append(append(signed, Lifetime.CODE, new byte[] {0, 0, 0, 1}),
                MessageIntegrity.CODE, new byte[20]);
        StunMessage m = parse(tampered);
        assertFalse(m.has(Lifetime.TYPE));
        assertEquals(-1, m.integrityIndex(), "an MI after MI-SHA256 is not covered, so not used");
        assertTrue(IntegrityCodec.verify(m, KEY));

        // a FINGERPRINT after MI-SHA256 is still honoured
        byte[] withFingerprint = bytes(writer().add(new Username("u")).addMessageIntegritySha256(KEY)
                .addFingerprint().finish());
        assertTrue(IntegrityCodec.verifyFingerprint(parse(withFingerprint)));
    }

    @Test
    void verifyPrefersSha256WhenBothArePresent() {
        // a wrong SHA-1 MAC followed by a right SHA-256 one (which covers the wrong MAC): verify trusts SHA-256
        byte[] wire = bytes(writer().add(new Username("u")).add(new MessageIntegrity(new byte[20]))
                .addMessageIntegritySha256(KEY).finish());
        StunMessage m = parse(wire);
        assertFalse(IntegrityCodec.verifyIntegrity(m, KEY));
        assertTrue(IntegrityCodec.verify(m, KEY));
        // and a broken SHA-256 MAC fails verify even though SHA-1 would pass
        byte[] other = bytes(writer().add(new Username("u")).addMessageIntegrity(KEY).addMessageIntegritySha256(KEY)
                .finish());
        StunMessage o = parse(other);
        other[o.valueOffset(o.integritySha256Index())] ^= 1;
        o = parse(other);
        assertTrue(IntegrityCodec.verifyIntegrity(o, KEY));
        assertFalse(IntegrityCodec.verify(o, KEY));
    }

    @Test
    void truncatedSha256MacsAreAcceptedFrom16BytesInStepsOf4() {
        byte[] full = bytes(writer().add(new Username("u")).addMessageIntegritySha256(KEY).finish());
        StunMessage m = parse(full);
        byte[] mac = Arrays.copyOfRange(full, m.valueOffset(0 + 1), m.valueOffset(1) + 32);
        for (int length = 16; length <= 32; length += 4) {
            // rebuild with the MAC truncated: the header length must count only what is sent
            byte[] prefix = Arrays.copyOf(full, m.attributeStart(1));
            byte[] truncated = append(prefix, MessageIntegritySha256.CODE, Arrays.copyOf(mac, length));
            // the MAC was computed with the 32-byte length in the header; recompute for this length
            byte[] expected = recomputeSha256(truncated, length);
            System.arraycopy(expected, 0, truncated, truncated.length - length, length);
            assertTrue(IntegrityCodec.verifyIntegritySha256(parse(truncated), KEY), "length " + length);
        }
        byte[] prefix = Arrays.copyOf(full, m.attributeStart(1));
        assertFalse(IntegrityCodec.verifyIntegritySha256(parse(append(prefix, MessageIntegritySha256.CODE,
                Arrays.copyOf(mac, 12))), KEY));
    }

    private static byte[] recomputeSha256(byte[] message, int macLength) {
        try {
            javax.crypto.Mac hmac = javax.crypto.Mac.getInstance("HmacSHA256");
            hmac.init(new javax.crypto.spec.SecretKeySpec(KEY, "HmacSHA256"));
            hmac.update(message, 0, message.length - 4 - macLength);
            return hmac.doFinal();
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void anythingAfterFingerprintIsRejected() {
        byte[] wire = bytes(writer().add(new Username("u")).addFingerprint().finish());
        assertRejected(append(wire, Software.CODE, new byte[] {'x'}));
        assertRejected(append(wire, Fingerprint.CODE, new byte[4]));
    }

    @Test
    void duplicateAttributesFirstWins() {
        byte[] wire = bytes(writer().add(new Lifetime(600)).add(new Lifetime(1)).add(new Username("a"))
                .add(new Username("b")).finish());
        StunMessage m = parse(wire);
        assertEquals(new Lifetime(600), m.get(Lifetime.TYPE));
        assertEquals(new Username("a"), m.get(Username.TYPE));
        assertEquals(4, m.attributeCount());
    }

    @Test
    void unknownOptionalAttributesArePreservedAndUnknownRequiredOnesReported() {
        byte[] optional = {1, 2, 3, 4, 5};
        byte[] wire = bytes(writer().addRaw(0x8099, optional).add(new Username("u")).finish());
        StunMessage m = parse(wire);
        assertArrayEquals(optional, m.valueBytes(0x8099));
        assertEquals(-1, m.firstUnknownComprehensionRequired(AttributeRegistry::isKnown));
        assertEquals(0, m.unknownComprehensionRequired(AttributeRegistry::isKnown).length);

        byte[] required = bytes(writer().addRaw(0x0099, optional).addRaw(0x8099, optional).addRaw(0x0099, optional)
                .addRaw(0x7FFF, new byte[0]).finish());
        StunMessage r = parse(required);
        assertEquals(0x0099, r.firstUnknownComprehensionRequired(AttributeRegistry::isKnown));
        assertArrayEquals(new int[] {0x0099, 0x7FFF}, r.unknownComprehensionRequired(AttributeRegistry::isKnown));
    }

    @Test
    void headerLengthLiesAreRejected() {
        byte[] wire = bytes(writer().add(new Username("user")).finish());
        for (int lie : new int[] {0xFFFC, 0xFFF0, wire.length - 20 + 4, wire.length - 20 - 4, wire.length - 20 + 1,
                wire.length - 20 - 2}) {
            byte[] b = wire.clone();
            b[2] = (byte) (lie >>> 8);
            b[3] = (byte) lie;
            assertRejected(b);
        }
        assertRejected(Arrays.copyOf(wire, wire.length + 4)); // datagram longer than the length field
        assertRejected(Arrays.copyOf(wire, wire.length - 4)); // shorter
        assertRejected(Arrays.copyOf(wire, 19));
        byte[] cookie = wire.clone();
        cookie[4] ^= 1;
        assertRejected(cookie);
        byte[] topBits = wire.clone();
        topBits[0] |= (byte) 0x80;
        assertRejected(topBits);
    }

    @Test
    void attributeRunningPastTheMessageIsRejected() {
        byte[] wire = bytes(writer().add(new Username("user")).finish());
        wire[StunMessage.HEADER_LENGTH + 3] = 9; // 9 + 3 padding > 8 bytes available
        assertRejected(wire);
        assertRejected(hex("0001 0004 2112a442 000000000000000000000000 0006 0004"));
    }

    @Test
    void textLimitsAreEnforced() {
        assertEquals(512, parse(rawRequest(Username.CODE, ascii(512))).get(Username.TYPE).value().length());
        assertThrows(StunParseException.class, () -> parse(rawRequest(Username.CODE, ascii(513))).get(Username.TYPE));
        assertEquals(763, parse(rawRequest(Realm.CODE, ascii(763))).get(Realm.TYPE).value().length());
        assertThrows(StunParseException.class, () -> parse(rawRequest(Realm.CODE, ascii(764))).get(Realm.TYPE));
        assertEquals(763, parse(rawRequest(Nonce.CODE, ascii(763))).get(Nonce.TYPE).value().length());
        assertThrows(StunParseException.class, () -> parse(rawRequest(Nonce.CODE, ascii(764))).get(Nonce.TYPE));
        assertThrows(StunParseException.class, () -> parse(rawRequest(Software.CODE, ascii(764))).get(Software.TYPE));
        assertThrows(IllegalArgumentException.class, () -> new Username(new String(ascii(513))));
        for (byte[] bad : new byte[][] {{(byte) 0xC3}, {(byte) 0xFF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                {'a', (byte) 0x80}, {(byte) 0xC0, (byte) 0xAF}}) {
            assertThrows(StunParseException.class, () -> parse(rawRequest(Username.CODE, bad)).get(Username.TYPE));
            assertThrows(StunParseException.class, () -> parse(rawRequest(Realm.CODE, bad)).get(Realm.TYPE));
        }
    }

    @Test
    void controlCharactersAreRefusedInUsernameAndRealmOnly() {
        for (String bad : new String[] {"a\r\nb", "\u0000", "x\u007F", "\u0085"}) {
            byte[] raw = bad.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            assertThrows(StunParseException.class, () -> parse(rawRequest(Username.CODE, raw)).get(Username.TYPE));
            assertThrows(StunParseException.class, () -> parse(rawRequest(Realm.CODE, raw)).get(Realm.TYPE));
            assertThrows(IllegalArgumentException.class, () -> new Username(bad));
            assertEquals(bad, parse(rawRequest(Software.CODE, raw)).get(Software.TYPE).value());
        }
        // printable text that would be dangerous in a format string is data, not an error
        assertEquals("%n%s", parse(rawRequest(Username.CODE, "%n%s".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .get(Username.TYPE).value());
    }

    @Test
    void littleEndianBuffersAreRefused() {
        byte[] wire = bytes(writer().add(new Username("u")).finish());
        assertFalse(new StunMessage().wrap(ByteBuffer.wrap(wire).order(java.nio.ByteOrder.LITTLE_ENDIAN)));
        assertThrows(IllegalArgumentException.class,
                () -> new StunWriter(ByteBuffer.allocate(64).order(java.nio.ByteOrder.LITTLE_ENDIAN)));
    }

    private static byte[] ascii(int n) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) 'a');
        return b;
    }

    @Test
    void malformedAddressesAreRejected() {
        for (String value : new String[] {"0003 a147 e112a643", "0001 a147 e112a6", "0002 a147 e112a643",
                "0001 a147 e112a643 00000000", "00", ""}) {
            assertThrows(StunParseException.class,
                    () -> parse(rawRequest(XorMappedAddress.CODE, hex(value))).get(XorMappedAddress.TYPE), value);
        }
    }

    @Test
    void wrapReusesOneViewWithoutStaleState() {
        StunMessage view = new StunMessage();
        byte[] first = bytes(writer().add(new Username("u")).addMessageIntegrity(KEY).addFingerprint().finish());
        byte[] second = bytes(writer().add(new Lifetime(5)).finish());
        assertTrue(view.wrap(ByteBuffer.wrap(first)));
        assertEquals(1, view.integrityIndex());
        assertTrue(view.wrap(ByteBuffer.wrap(second)));
        assertEquals(-1, view.integrityIndex());
        assertEquals(-1, view.fingerprintIndex());
        assertEquals(1, view.attributeCount());
        assertFalse(view.wrap(ByteBuffer.wrap(new byte[3])));
        assertEquals(0, view.attributeCount());
        assertFalse(IntegrityCodec.verify(view, KEY));
    }

    @Test
    void aMessageAtANonZeroPositionParsesWithAbsoluteOffsets() {
        byte[] wire = bytes(writer().add(new Username("user")).addMessageIntegrity(KEY).addFingerprint().finish());
        ByteBuffer b = ByteBuffer.allocate(wire.length + 10);
        b.position(7);
        b.put(wire);
        b.flip().position(7);
        StunMessage m = StunMessage.parse(b);
        assertEquals(new Username("user"), m.get(Username.TYPE));
        assertTrue(IntegrityCodec.verifyIntegrity(m, KEY));
        assertTrue(IntegrityCodec.verifyFingerprint(m));
        // and on a direct and a read-only buffer
        for (ByteBuffer other : new ByteBuffer[] {ByteBuffer.allocateDirect(wire.length).put(wire).flip(),
                ByteBuffer.wrap(wire).asReadOnlyBuffer()}) {
            StunMessage o = StunMessage.parse(other);
            assertTrue(IntegrityCodec.verifyIntegrity(o, KEY));
            assertTrue(IntegrityCodec.verifyFingerprint(o));
            assertEquals(0, other.position(), "verification leaves the buffer's position alone");
        }
    }
}
