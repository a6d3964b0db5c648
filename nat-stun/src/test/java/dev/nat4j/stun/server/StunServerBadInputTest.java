package dev.nat4j.stun.server;

import static dev.nat4j.stun.server.Requests.attribute;
import static dev.nat4j.stun.server.Requests.concat;
import static dev.nat4j.stun.server.Requests.raw;
import static dev.nat4j.stun.server.Requests.rawRequest;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import dev.nat4j.core.SocketAddresses;
import dev.nat4j.stun.MessageClass;
import dev.nat4j.stun.StunMessage;
import dev.nat4j.stun.StunMethod;
import dev.nat4j.stun.attribute.ErrorCode;
import dev.nat4j.stun.attribute.UnknownAttributes;
import dev.nat4j.stun.attribute.XorMappedAddress;

/**
 * The bad-input classes of SECURITY-NOTES §4 B that reach a Binding server, each with its exact outcome, and a valid
 * Binding request answered after every one of them.
 */
class StunServerBadInputTest {
    private static final int BINDING_REQUEST = 0x0001;
    private static final int BINDING_INDICATION = 0x0011;

    private final EngineHarness h = new EngineHarness(StunServerConfig.defaults());

    /** A valid request with a few attributes, for prefixes and mutations. */
    private static byte[] richRequest() {
        return Requests.binding(w -> w
                .addRaw(0x8022, "client 1.0".getBytes(StandardCharsets.UTF_8))
                .addRaw(0x0026, new byte[9])
                .addFingerprint());
    }

    private void assertError(byte[] request, int code) {
        EngineHarness.Answer a = h.send(request);
        assertNotNull(a, "expected error " + code);
        assertEquals(code, a.errorCode());
        StunMessage m = a.message();
        assertEquals(StunMessage.parse(java.nio.ByteBuffer.wrap(request)).method(), m.method());
        assertArrayEquals(Arrays.copyOfRange(request, 8, 20), Arrays.copyOfRange(a.bytes(), 8, 20), "transaction id");
        assertEquals("", m.get(ErrorCode.TYPE).reason(), "no reason phrase (smaller reflection)");
        h.assertStillServes();
    }

    // --- B1 truncation ---

    @Test
    void b1EveryPrefixOfAValidRequestIsDropped() {
        byte[] full = richRequest();
        for (int n = 0; n < full.length; n++) {
            byte[] prefix = Arrays.copyOf(full, n);
            h.assertDropped(prefix, n < 20 ? DropReason.NOT_STUN : DropReason.MALFORMED);
        }
    }

    // --- B2 header length lies ---

    @Test
    void b2LengthFieldLargerThanTheDatagramIsDropped() {
        h.assertDropped(raw(BINDING_REQUEST, 8, new byte[4]), DropReason.MALFORMED);
    }

    @Test
    void b2LengthFieldSmallerThanTheDatagramIsDropped() {
        h.assertDropped(raw(BINDING_REQUEST, 4, new byte[8]), DropReason.MALFORMED);
    }

    @Test
    void b2LengthNotAMultipleOf4IsDropped() {
        h.assertDropped(raw(BINDING_REQUEST, 6, new byte[6]), DropReason.MALFORMED);
    }

    @Test
    void b2LengthNearTheUnsignedLimitIsDropped() {
        h.assertDropped(raw(BINDING_REQUEST, 0xFFFC, new byte[8]), DropReason.MALFORMED);
        h.assertDropped(raw(BINDING_REQUEST, 0xFFF0, new byte[0]), DropReason.MALFORMED);
        h.assertDropped(raw(BINDING_REQUEST, 0xFFFF, new byte[0]), DropReason.MALFORMED);
    }

    @Test
    void b2DatagramLongerThanAnyStunMessageIsDropped() {
        byte[] huge = new byte[20 + 0xFFFF + 1 + 3];
        System.arraycopy(Requests.binding(), 0, huge, 0, 20);
        huge[2] = (byte) 0xFF;
        huge[3] = (byte) 0xFC;
        h.assertDropped(huge, DropReason.MALFORMED);
    }

    @Test
    void oversizedButWellFormedRequestGetsAnAnswerNoBiggerThanTheCap() {
        byte[] big = Requests.binding(w -> w.addRaw(0x0026, new byte[60_000]).addRaw(0x8099, new byte[4000]));
        EngineHarness.Answer a = h.send(big);
        assertTrue(a.isBindingSuccess());
        assertTrue(a.bytes().length <= 20 + 12 + 4 + StunServerConfig.DEFAULT_MAX_PADDING, "" + a.bytes().length);
    }

    // --- B3 attribute length overrun, malformed values ---

    @Test
    void b3AttributeRunningPastTheEndIsDropped() {
        h.assertDropped(rawRequest(BINDING_REQUEST, attribute(0x8022, 200, new byte[4], 0)), DropReason.MALFORMED);
        h.assertDropped(rawRequest(BINDING_REQUEST, attribute(0x8022, 0xFFFF, new byte[4], 0)), DropReason.MALFORMED);
    }

    @Test
    void b3PaddingOfTheLastAttributeMissingIsDropped() {
        // Length 5 needs 3 padding bytes; the datagram (and length field) stop right after the value.
        byte[] value = attribute(0x8022, 5, new byte[] {1, 2, 3, 4, 5}, 0);
        h.assertDropped(raw(BINDING_REQUEST, 8, java.util.Arrays.copyOf(value, 8)), DropReason.MALFORMED);
    }

    @Test
    void b3XorMappedAddressWithUnknownFamilyGets400() {
        assertError(rawRequest(BINDING_REQUEST, attribute(0x0020, new byte[] {0, 0x03, 0, 1, 1, 2, 3, 4})), 400);
    }

    @Test
    void b3Ipv4AddressWithLength7Gets400() {
        assertError(rawRequest(BINDING_REQUEST, attribute(0x0020, new byte[] {0, 0x01, 0, 1, 1, 2, 3})), 400);
    }

    @Test
    void b3Ipv6AddressWithLength8Gets400() {
        assertError(rawRequest(BINDING_REQUEST, attribute(0x0001, new byte[] {0, 0x02, 0, 1, 1, 2, 3, 4})), 400);
    }

    @Test
    void b3ZeroLengthFixedSizeAttributesGet400() {
        assertError(rawRequest(BINDING_REQUEST, attribute(0x0027, new byte[0])), 400); // RESPONSE-PORT
        assertError(rawRequest(BINDING_REQUEST, attribute(0x0008, new byte[0])), 400); // MESSAGE-INTEGRITY
        assertError(rawRequest(BINDING_REQUEST, attribute(0x0020, new byte[0])), 400); // XOR-MAPPED-ADDRESS
    }

    // --- B4 alignment and padding ---

    @Test
    void b4OddLengthsWithNonZeroPaddingAreAccepted() {
        byte[] body = concat(
                attribute(0x8022, 3, "abc".getBytes(StandardCharsets.UTF_8), 0xFF),
                attribute(0x8099, 1, new byte[] {7}, 0xEE),
                attribute(0x0026, 5, new byte[5], 0xDD));
        EngineHarness.Answer a = h.send(rawRequest(BINDING_REQUEST, body));
        assertNotNull(a);
        assertTrue(a.isBindingSuccess());
        h.assertStillServes();
    }

    // --- B5 unknown comprehension-required attributes ---

    @Test
    void b5UnknownComprehensionRequiredGets420ListingIt() {
        EngineHarness.Answer a = h.send(Requests.binding(w -> w.addRaw(0x0099, new byte[4]).addRaw(0x0098, new byte[0])
                .addRaw(0x0099, new byte[2])));
        assertEquals(420, a.errorCode());
        assertArrayEquals(new int[] {0x0099, 0x0098}, a.message().get(UnknownAttributes.TYPE).codes(),
                "each unknown code once");
        h.assertStillServes();
    }

    @Test
    void b5UnknownComprehensionOptionalIsIgnored() {
        EngineHarness.Answer a = h.send(Requests.binding(w -> w.addRaw(0x8099, new byte[4])));
        assertTrue(a.isBindingSuccess());
    }

    @Test
    void b5Rfc3489ResponseAddressIsNotHonouredButRefusedWith420() {
        // RESPONSE-ADDRESS (0x0002) would let anyone aim answers at a third party; RFC 8489 dropped it.
        byte[] target = {0, 0x01, 0x1F, (byte) 0x90, 10, 0, 0, 1};
        EngineHarness.Answer a = h.send(Requests.binding(w -> w.addRaw(0x0002, target)));
        assertEquals(420, a.errorCode());
        assertEquals(EngineHarness.CLIENT, a.destination());
        h.assertStillServes();
    }

    @Test
    void b5IndicationWithUnknownAttributeIsDropped() {
        h.assertDropped(Requests.message(StunMethod.BINDING, MessageClass.INDICATION,
                w -> w.addRaw(0x0099, new byte[4])), DropReason.INDICATION);
    }

    @Test
    void b5ResponsesAreDropped() {
        h.assertDropped(Requests.message(StunMethod.BINDING, MessageClass.SUCCESS_RESPONSE,
                w -> w.add(new XorMappedAddress(EngineHarness.CLIENT))), DropReason.RESPONSE);
        h.assertDropped(Requests.message(StunMethod.BINDING, MessageClass.SUCCESS_RESPONSE,
                w -> w.addRaw(0x0099, new byte[4])), DropReason.RESPONSE);
        h.assertDropped(Requests.message(StunMethod.BINDING, MessageClass.ERROR_RESPONSE,
                w -> w.add(ErrorCode.of(400))), DropReason.RESPONSE);
    }

    // --- B6 attributes after MESSAGE-INTEGRITY ---

    @Test
    void b6AttributesAfterMessageIntegrityAreIgnored() {
        byte[] key = new byte[16];
        EngineHarness.Answer a = h.send(Requests.binding(w -> w
                .addRaw(0x0006, "user".getBytes(StandardCharsets.UTF_8))
                .addMessageIntegrity(key)
                .addRaw(0x0099, new byte[4])           // unknown, required, but not covered: ignored
                .addRaw(0x0020, new byte[] {0, 9})));  // malformed, but not covered: ignored
        assertNotNull(a);
        assertTrue(a.isBindingSuccess(), "uncovered attributes must not cause 420/400");
    }

    @Test
    void b6BothIntegrityAttributesAndFingerprintAreAccepted() {
        byte[] key = new byte[16];
        EngineHarness.Answer a = h.send(Requests.binding(w -> w
                .addMessageIntegrity(key).addMessageIntegritySha256(key).addFingerprint()));
        assertTrue(a.isBindingSuccess());
        assertTrue(a.message().fingerprintIndex() >= 0);
    }

    // --- B7 duplicates ---

    @Test
    void b7OnlyTheFirstOfARepeatedAttributeIsChecked() {
        // The second XOR-MAPPED-ADDRESS is malformed but ignored: the first one wins (RFC 8489 §14).
        EngineHarness.Answer a = h.send(Requests.binding(w -> w
                .add(new XorMappedAddress(EngineHarness.CLIENT))
                .addRaw(0x0020, new byte[] {0, 9, 0, 0})));
        assertTrue(a.isBindingSuccess());
    }

    // --- B8 FINGERPRINT ---

    @Test
    void b8WrongFingerprintIsDropped() {
        byte[] r = Requests.binding(w -> w.addRaw(0x8022, new byte[] {'x'}).addFingerprint());
        r[r.length - 1] ^= 1;
        h.assertDropped(r, DropReason.BAD_FINGERPRINT);
    }

    @Test
    void b8FingerprintOfTheWrongSizeIsDropped() {
        h.assertDropped(rawRequest(BINDING_REQUEST, attribute(0x8028, new byte[8])), DropReason.BAD_FINGERPRINT);
    }

    @Test
    void b8FingerprintNotLastIsDropped() {
        byte[] withFingerprint = Requests.binding(w -> w.addFingerprint());
        byte[] body = concat(Arrays.copyOfRange(withFingerprint, 20, withFingerprint.length),
                attribute(0x8022, new byte[4]));
        byte[] r = rawRequest(BINDING_REQUEST, body);
        h.assertDropped(r, DropReason.MALFORMED);
    }

    @Test
    void b8CorruptingAnyByteCoveredByTheFingerprintIsNeverAnswered() {
        byte[] good = Requests.binding(w -> w.addRaw(0x8022, new byte[] {'a', 'b'}).addFingerprint());
        int fingerprintHeader = good.length - 8;
        for (int i = 0; i < good.length; i++) {
            if (i >= fingerprintHeader && i < fingerprintHeader + 4) {
                continue; // a changed FINGERPRINT type makes it an ordinary optional attribute: a valid request
            }
            byte[] bad = good.clone();
            bad[i] ^= 0x10;
            assertNull(h.send(bad), "byte " + i + " corrupted but answered");
            h.assertStillServes();
        }
    }

    // --- B9 oversized text ---

    @Test
    void b9OversizedOrInvalidTextGets400() {
        assertError(Requests.binding(w -> w.addRaw(0x0006, filled(513, 'u'))), 400);  // USERNAME
        assertError(Requests.binding(w -> w.addRaw(0x0014, filled(764, 'r'))), 400);  // REALM
        assertError(Requests.binding(w -> w.addRaw(0x0015, filled(764, 'n'))), 400);  // NONCE
        assertError(Requests.binding(w -> w.addRaw(0x8022, filled(764, 's'))), 400);  // SOFTWARE
        assertError(Requests.binding(w -> w.addRaw(0x0006, new byte[] {(byte) 0xC3, 0x28})), 400); // bad UTF-8
    }

    @Test
    void b9TextAtTheLimitIsAccepted() {
        assertTrue(h.send(Requests.binding(w -> w.addRaw(0x0006, filled(512, 'u')))).isBindingSuccess());
        assertTrue(h.send(Requests.binding(w -> w.addRaw(0x8022, filled(763, 's')))).isBindingSuccess());
    }

    private static byte[] filled(int n, char c) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) c);
        return b;
    }

    // --- B10 not STUN on the same port ---

    @Test
    void b10WrongMagicCookieIsDropped() {
        byte[] r = Requests.binding();
        r[4] ^= 1;
        h.assertDropped(r, DropReason.NOT_STUN);
    }

    @Test
    void b10Rfc3489RequestWithoutCookieIsDropped() {
        byte[] r = new byte[20];
        r[1] = 0x01;
        for (int i = 4; i < 20; i++) {
            r[i] = (byte) (i * 7);
        }
        h.assertDropped(r, DropReason.NOT_STUN);
    }

    @Test
    void b10FirstByteOutsideTheStunRangeIsDropped() {
        for (int first : new int[] {0x40, 0x41, 0x80, 0xC0, 0xFF, 0x14, 0x17, 0x16, 0x04, 0x13}) {
            byte[] r = Requests.binding();
            r[0] = (byte) first;
            h.assertDropped(r, DropReason.NOT_STUN); // RFC 7983: only 0..3 start STUN; methods stay below 0x100
        }
    }

    @Test
    void b10EmptyAndTinyDatagramsAreDropped() {
        h.assertDropped(new byte[0], DropReason.NOT_STUN);
        h.assertDropped(new byte[] {0}, DropReason.NOT_STUN);
        h.assertDropped(new byte[19], DropReason.NOT_STUN);
    }

    // --- B11 ChannelData on a STUN-only port ---

    @Test
    void b11ChannelDataIsDropped() {
        h.assertDropped(new byte[] {0x40, 0x00, 0x00, 0x04, 1, 2, 3, 4}, DropReason.NOT_STUN);
    }

    // --- B13 class and method mismatch ---

    @Test
    void b13UnknownMethodRequestGets400() {
        assertError(Requests.message(0x0FF, MessageClass.REQUEST, w -> { }), 400);
        assertError(Requests.message(0x0AB, MessageClass.REQUEST, w -> w.addRaw(0x0099, new byte[4])), 400);
    }

    @Test
    void b13TurnRequestsToAStunServerGet400() {
        assertError(Requests.message(StunMethod.ALLOCATE, MessageClass.REQUEST, w -> { }), 400);
        assertError(Requests.message(StunMethod.SEND, MessageClass.REQUEST, w -> { }), 400);
    }

    @Test
    void b13IndicationsAreDropped() {
        h.assertDropped(Requests.message(StunMethod.BINDING, MessageClass.INDICATION, w -> { }), DropReason.INDICATION);
        h.assertDropped(Requests.message(StunMethod.SEND, MessageClass.INDICATION, w -> { }), DropReason.INDICATION);
        h.assertDropped(Requests.message(StunMethod.DATA, MessageClass.INDICATION, w -> { }), DropReason.INDICATION);
        h.assertDropped(Requests.message(StunMethod.ALLOCATE, MessageClass.INDICATION, w -> { }), DropReason.INDICATION);
        h.assertDropped(raw(BINDING_INDICATION, 0, new byte[0]), DropReason.INDICATION);
    }

    // --- no address to answer ---

    @Test
    void requestFromPortZeroOrAWildcardIsDropped() {
        InetSocketAddress port0 = SocketAddresses.parse("198.51.100.7:0");
        InetSocketAddress any = SocketAddresses.parse("0.0.0.0:4000");
        assertNull(h.send(EngineHarness.LOCAL, port0, Requests.binding()));
        assertNull(h.send(EngineHarness.LOCAL, any, Requests.binding()));
        assertEquals(2, h.engine.stats().dropped(DropReason.UNROUTABLE));
        h.assertStillServes();
    }
}
