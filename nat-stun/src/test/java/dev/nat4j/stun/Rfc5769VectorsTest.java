package dev.nat4j.stun;

import static dev.nat4j.stun.StunTestSupport.bytes;
import static dev.nat4j.stun.StunTestSupport.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import dev.nat4j.stun.attribute.IceControlled;
import dev.nat4j.stun.attribute.Nonce;
import dev.nat4j.stun.attribute.Priority;
import dev.nat4j.stun.attribute.Realm;
import dev.nat4j.stun.attribute.Software;
import dev.nat4j.stun.attribute.Username;
import dev.nat4j.stun.attribute.XorMappedAddress;
import dev.nat4j.stun.auth.IntegrityCodec;
import dev.nat4j.stun.auth.LongTermCredentials;
import dev.nat4j.stun.auth.OpaqueString;
import dev.nat4j.stun.auth.ShortTermCredentials;

/**
 * The four test vectors of RFC 5769 (§2.1-§2.4), byte for byte as published. Each one's MESSAGE-INTEGRITY and
 * FINGERPRINT were recomputed independently when transcribed, so a wrong byte here would fail its own checks.
 * Where the RFC pads with 0x20 (padding may be any value) the re-encoding test writes that byte back before the
 * integrity is computed, to prove our MAC and CRC placement rather than our padding.
 */
class Rfc5769VectorsTest {
    static final String SHORT_TERM_PASSWORD = "VOkJxbRl1RmTxUk/WvJxBt";

    /** §2.1 Sample Request: SOFTWARE, PRIORITY, ICE-CONTROLLED, USERNAME, MESSAGE-INTEGRITY, FINGERPRINT. */
    static final byte[] SAMPLE_REQUEST = hex("""
            00 01 00 58 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae
            80 22 00 10 53 54 55 4e 20 74 65 73 74 20 63 6c 69 65 6e 74
            00 24 00 04 6e 00 01 ff
            80 29 00 08 93 2f f9 b1 51 26 3b 36
            00 06 00 09 65 76 74 6a 3a 68 36 76 59 20 20 20
            00 08 00 14 9a ea a7 0c bf d8 cb 56 78 1e f2 b5 b2 d3 f2 49 c1 b5 71 a2
            80 28 00 04 e5 7a 3b cf""");

    /** §2.2 Sample IPv4 Response: XOR-MAPPED-ADDRESS 192.0.2.1:32853. */
    static final byte[] IPV4_RESPONSE = hex("""
            01 01 00 3c 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae
            80 22 00 0b 74 65 73 74 20 76 65 63 74 6f 72 20
            00 20 00 08 00 01 a1 47 e1 12 a6 43
            00 08 00 14 2b 91 f5 99 fd 9e 90 c3 8c 74 89 f9 2a f9 ba 53 f0 6b e7 d7
            80 28 00 04 c0 7d 4c 96""");

    /** §2.3 Sample IPv6 Response: XOR-MAPPED-ADDRESS [2001:db8:1234:5678:11:2233:4455:6677]:32853. */
    static final byte[] IPV6_RESPONSE = hex("""
            01 01 00 48 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae
            80 22 00 0b 74 65 73 74 20 76 65 63 74 6f 72 20
            00 20 00 14 00 02 a1 47 01 13 a9 fa a5 d3 f1 79 bc 25 f4 b5 be d2 b9 d9
            00 08 00 14 a3 82 95 4e 4b e6 7b f1 17 84 c9 7c 82 92 c2 75 bf e3 ed 41
            80 28 00 04 c8 fb 0b 4c""");

    /** §2.4 Sample Request with Long-Term Authentication: USERNAME, NONCE, REALM, MESSAGE-INTEGRITY (no FINGERPRINT). */
    static final byte[] LONG_TERM_REQUEST = hex("""
            00 01 00 60 21 12 a4 42 78 ad 34 33 c6 ad 72 c0 29 da 41 2e
            00 06 00 12 e3 83 9e e3 83 88 e3 83 aa e3 83 83 e3 82 af e3 82 b9 00 00
            00 15 00 1c 66 2f 2f 34 39 39 6b 39 35 34 64 36 4f 4c 33 34 6f 4c 39 46 53 54 76 79 36 34 73 41
            00 14 00 0b 65 78 61 6d 70 6c 65 2e 6f 72 67 00
            00 08 00 14 f6 70 24 65 6d d6 4a 3e 02 b8 e0 71 2e 85 c9 a2 8c a8 96 66""");

    static final String LONG_TERM_USERNAME = "\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9";
    static final String LONG_TERM_PASSWORD = "The\u00ADM\u00AAtr\u2168";

    private static StunMessage parse(byte[] bytes) {
        return StunMessage.parse(ByteBuffer.wrap(bytes));
    }

    @Test
    void sampleRequestParsesAndVerifies() {
        StunMessage m = parse(SAMPLE_REQUEST);
        assertTrue(m.isRequest());
        assertEquals(StunMethod.BINDING, m.method());
        assertEquals(TransactionId.of(hex("b7 e7 a7 01 bc 34 d6 86 fa 87 df ae")), m.transactionId());
        assertEquals(new Software("STUN test client"), m.get(Software.TYPE));
        assertEquals(new Priority(0x6e0001ffL), m.get(Priority.TYPE));
        assertEquals(new IceControlled(0x932ff9b151263b36L), m.get(IceControlled.TYPE));
        assertEquals(new Username("evtj:h6vY"), m.get(Username.TYPE));
        byte[] key = ShortTermCredentials.key(SHORT_TERM_PASSWORD);
        assertTrue(IntegrityCodec.verifyIntegrity(m, key));
        assertTrue(IntegrityCodec.verify(m, key));
        assertTrue(IntegrityCodec.verifyFingerprint(m));
        assertFalse(IntegrityCodec.verifyIntegrity(m, "VOkJxbRl1RmTxUk/WvJxBT".getBytes(StandardCharsets.UTF_8)));
        assertEquals(-1, m.firstUnknownComprehensionRequired(AttributeRegistry::isKnown));
    }

    @Test
    void sampleRequestReencodesByteForByte() {
        ByteBuffer out = ByteBuffer.allocate(200);
        StunWriter w = new StunWriter(out).start(StunMethod.BINDING, MessageClass.REQUEST,
                TransactionId.of(hex("b7 e7 a7 01 bc 34 d6 86 fa 87 df ae")));
        w.add(new Software("STUN test client"))
                .add(new Priority(0x6e0001ffL))
                .add(new IceControlled(0x932ff9b151263b36L))
                .add(new Username("evtj:h6vY"));
        for (int i = 1; i <= 3; i++) {
            out.put(w.length() - i, (byte) 0x20); // the RFC pads USERNAME with spaces
        }
        byte[] encoded = bytes(w.addMessageIntegrity(ShortTermCredentials.key(SHORT_TERM_PASSWORD))
                .addFingerprint().finish());
        assertArrayEquals(SAMPLE_REQUEST, encoded);
    }

    @Test
    void ipv4ResponseDecodesAndReencodes() throws Exception {
        StunMessage m = parse(IPV4_RESPONSE);
        assertTrue(m.isSuccessResponse());
        InetSocketAddress expected = new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 32853);
        assertEquals(new XorMappedAddress(expected), m.get(XorMappedAddress.TYPE));
        assertTrue(IntegrityCodec.verifyIntegrity(m, ShortTermCredentials.key(SHORT_TERM_PASSWORD)));
        assertTrue(IntegrityCodec.verifyFingerprint(m));
        assertArrayEquals(IPV4_RESPONSE, reencodeResponse(m.transactionId(), expected));
    }

    @Test
    void ipv6ResponseDecodesAndReencodes() throws Exception {
        StunMessage m = parse(IPV6_RESPONSE);
        InetSocketAddress expected = new InetSocketAddress(
                InetAddress.getByName("2001:db8:1234:5678:11:2233:4455:6677"), 32853);
        assertEquals(new XorMappedAddress(expected), m.get(XorMappedAddress.TYPE));
        assertTrue(IntegrityCodec.verifyIntegrity(m, ShortTermCredentials.key(SHORT_TERM_PASSWORD)));
        assertTrue(IntegrityCodec.verifyFingerprint(m));
        assertArrayEquals(IPV6_RESPONSE, reencodeResponse(m.transactionId(), expected));
    }

    private static byte[] reencodeResponse(TransactionId id, InetSocketAddress mapped) {
        ByteBuffer out = ByteBuffer.allocate(200);
        StunWriter w = new StunWriter(out).start(StunMethod.BINDING, MessageClass.SUCCESS_RESPONSE, id)
                .add(new Software("test vector"));
        out.put(w.length() - 1, (byte) 0x20); // the RFC pads SOFTWARE with a space
        return bytes(w.add(new XorMappedAddress(mapped))
                .addMessageIntegrity(ShortTermCredentials.key(SHORT_TERM_PASSWORD))
                .addFingerprint().finish());
    }

    @Test
    void longTermRequestVerifiesWithTheRfc5389PreparedPassword() {
        StunMessage m = parse(LONG_TERM_REQUEST);
        assertEquals(new Username(LONG_TERM_USERNAME), m.get(Username.TYPE));
        assertEquals(new Nonce("f//499k954d6OL34oL9FSTvy64sA"), m.get(Nonce.TYPE));
        assertEquals(new Realm("example.org"), m.get(Realm.TYPE));
        assertEquals(-1, m.fingerprintIndex());
        assertFalse(IntegrityCodec.verifyFingerprint(m));

        // RFC 5769 prepared the password with SASLprep (RFC 5389): soft hyphen removed, NFKC, "TheMatrIX".
        byte[] legacy = LongTermCredentials.legacyKey(LONG_TERM_USERNAME, "example.org", LONG_TERM_PASSWORD);
        assertTrue(IntegrityCodec.verifyIntegrity(m, legacy));
        byte[] prepared = LongTermCredentials.md5Key(LONG_TERM_USERNAME, "example.org", "TheMatrIX");
        assertArrayEquals(legacy, prepared);
        assertTrue(IntegrityCodec.verify(m, prepared));
        assertFalse(IntegrityCodec.verifyIntegrity(m,
                LongTermCredentials.md5Key(LONG_TERM_USERNAME, "example.org", "TheMatrix")));
    }

    @Test
    void opaqueStringDoesNotReproduceTheRfc5769Key() {
        // RFC 8489 replaced SASLprep with OpaqueString, which keeps U+00AA and U+2168 and disallows U+00AD (a
        // default-ignorable code point): the vector's raw password is not a valid OpaqueString at all.
        assertThrows(IllegalArgumentException.class, () -> OpaqueString.prepare(LONG_TERM_PASSWORD));
        assertThrows(IllegalArgumentException.class,
                () -> LongTermCredentials.md5Key(LONG_TERM_USERNAME, "example.org", LONG_TERM_PASSWORD));
        // Without the soft hyphen it is valid but still not "TheMatrIX", so the key differs.
        String withoutHyphen = "TheM\u00AAtr\u2168";
        assertEquals(withoutHyphen, OpaqueString.prepare(withoutHyphen));
        byte[] opaqueKey = LongTermCredentials.md5Key(LONG_TERM_USERNAME, "example.org", withoutHyphen);
        assertNotEquals(java.util.HexFormat.of().formatHex(opaqueKey), java.util.HexFormat.of().formatHex(
                LongTermCredentials.legacyKey(LONG_TERM_USERNAME, "example.org", LONG_TERM_PASSWORD)));
        assertFalse(IntegrityCodec.verifyIntegrity(parse(LONG_TERM_REQUEST), opaqueKey));
        // The user name is unaffected by OpaqueString, as the RFC says.
        assertEquals(LONG_TERM_USERNAME, OpaqueString.prepare(LONG_TERM_USERNAME));
    }

    @Test
    void longTermRequestReencodesByteForByte() {
        byte[] key = LongTermCredentials.legacyKey(LONG_TERM_USERNAME, "example.org", LONG_TERM_PASSWORD);
        byte[] encoded = bytes(new StunWriter(ByteBuffer.allocate(200))
                .start(StunMethod.BINDING, MessageClass.REQUEST,
                        TransactionId.of(hex("78 ad 34 33 c6 ad 72 c0 29 da 41 2e")))
                .add(new Username(LONG_TERM_USERNAME))
                .add(new Nonce("f//499k954d6OL34oL9FSTvy64sA"))
                .add(new Realm("example.org"))
                .addMessageIntegrity(key)
                .finish());
        assertArrayEquals(LONG_TERM_REQUEST, encoded);
    }

    @Test
    void rfc8489AppendixB1UserhashMatches() {
        // RFC 8489 Appendix B.1's message as printed is inconsistent (its length field and attribute list do not
        // agree; see erratum 6268), so only its USERHASH value, which is independent of those, is used here.
        byte[] expected = hex("4a3cf38fef6992bda952c6780417da0f24819415569e60b205c46e41407f1704");
        assertArrayEquals(expected, LongTermCredentials.userhash(LONG_TERM_USERNAME, "example.org"));
    }
}
