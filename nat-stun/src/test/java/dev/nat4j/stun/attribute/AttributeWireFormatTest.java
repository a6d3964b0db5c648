package dev.nat4j.stun.attribute;

import static dev.nat4j.stun.StunTestSupport.hex;
import static dev.nat4j.stun.StunTestSupport.rawRequest;
import static dev.nat4j.stun.StunTestSupport.request;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.nat4j.stun.AttributeRegistry;
import dev.nat4j.stun.AttributeType;
import dev.nat4j.stun.StunAttribute;
import dev.nat4j.stun.StunMessage;
import dev.nat4j.stun.StunParseException;

/**
 * Each attribute's value bytes as the RFCs lay them out (a round trip alone would not catch a layout that is wrong the
 * same way in both directions), and the exact lengths fixed-size attributes must have.
 */
class AttributeWireFormatTest {

    /** The value bytes (no header, no padding) {@code attribute} is written as. */
    private static byte[] value(StunAttribute attribute) {
        StunMessage m = StunMessage.parse(ByteBuffer.wrap(request(attribute)));
        byte[] v = new byte[m.valueLength(0)];
        m.buffer().get(m.valueOffset(0), v);
        return v;
    }

    private static <A> A decode(AttributeType<A> type, String valueHex) {
        return StunMessage.parse(ByteBuffer.wrap(rawRequest(type.code(), hex(valueHex)))).get(type);
    }

    private static void assertWire(String expectedHex, StunAttribute attribute) {
        assertArrayEquals(hex(expectedHex), value(attribute), attribute.toString());
        assertEquals(attribute, decode(AttributeRegistry.typeOf(attribute.type()), expectedHex));
    }

    @Test
    void unsignedThirtyTwoBitValues() {
        assertWire("ffffffff", new Lifetime(0xFFFF_FFFFL));
        assertWire("80000000", new Lifetime(0x8000_0000L));
        assertWire("00000258", new Lifetime(600));
        assertWire("80000000", new ConnectionId(0x8000_0000L));
        assertWire("0000ffff", new CacheTimeout(0xFFFF));
        assertWire("6e0001ff", new Priority(0x6e0001ffL));
        assertEquals(0xFFFF_FFFFL, decode(Priority.TYPE, "ffffffff").priority());
        assertThrows(IllegalArgumentException.class, () -> new Lifetime(-1));
        assertThrows(IllegalArgumentException.class, () -> new Lifetime(0x1_0000_0000L));
    }

    @Test
    void tieBreakersAreSixtyFourUnsignedBits() {
        assertWire("932ff9b151263b36", new IceControlled(0x932ff9b151263b36L));
        assertWire("ffffffffffffffff", new IceControlling(-1L));
        assertWire("8000000000000000", new IceControlling(Long.MIN_VALUE));
        assertTrue(Long.compareUnsigned(new IceControlling(-1L).tieBreaker(), 1L) > 0);
        assertTrue(new IceControlled(-1L).toString().contains("18446744073709551615"));
        assertWire("0102030405060708", new ReservationToken(0x0102030405060708L));
    }

    @Test
    void turnFixedLayouts() {
        assertWire("40000000", new ChannelNumber(0x4000));
        assertWire("ffff0000", new ChannelNumber(0xFFFF));
        assertEquals(new ChannelNumber(0x4FFF), decode(ChannelNumber.TYPE, "4fffabcd")); // RFFU ignored
        assertTrue(new ChannelNumber(0x4000).isValid());
        assertTrue(new ChannelNumber(0x4FFF).isValid());
        assertFalse(new ChannelNumber(0x3FFF).isValid());
        assertFalse(new ChannelNumber(0x5000).isValid());
        assertFalse(new ChannelNumber(0x7FFF).isValid());

        assertWire("11000000", RequestedTransport.udp());
        assertWire("06000000", new RequestedTransport(RequestedTransport.TCP));
        assertWire("01000000", RequestedAddressFamily.ipv4());
        assertWire("02000000", AdditionalAddressFamily.ipv6());
        assertEquals(new RequestedAddressFamily(3), decode(RequestedAddressFamily.TYPE, "03000000"),
                "an unknown family decodes so that the server can answer 440");
        assertWire("80", new EvenPort(true));
        assertWire("00", new EvenPort(false));
        assertEquals(new EvenPort(true), decode(EvenPort.TYPE, "ff"));
        assertWire("", DontFragment.INSTANCE);
        assertWire("", UseCandidate.INSTANCE);
    }

    @Test
    void icmpPacksTypeAndCodeInto7And9Bits() {
        assertWire("0000 0603 000005dc", new Icmp(3, 3, 1500)); // type 3 << 9 | code 3
        assertWire("0000 fe00 00000000", new Icmp(127, 0, 0));
        assertWire("0000 01ff ffffffff", new Icmp(0, 511, 0xFFFF_FFFFL));
        assertEquals(new Icmp(1, 4, 7), decode(Icmp.TYPE, "ffff 0204 00000007")); // reserved bits ignored
        assertThrows(IllegalArgumentException.class, () -> new Icmp(128, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new Icmp(0, 512, 0));
    }

    @Test
    void addressErrorCodeIsErrorCodeWithAFamilyByte() {
        assertWire("0200 0428", new AddressErrorCode(2, 440, ""));
        assertWire("0100 0508 4e6f", new AddressErrorCode(1, 508, "No"));
        assertThrows(StunParseException.class, () -> decode(AddressErrorCode.TYPE, "0100 0264"));
        assertThrows(StunParseException.class, () -> decode(AddressErrorCode.TYPE, "0100 0464"));
        assertThrows(StunParseException.class, () -> decode(AddressErrorCode.TYPE, "010004"));
    }

    @Test
    void passwordAlgorithms() {
        assertWire("00020000", PasswordAlgorithm.sha256());
        assertWire("0001 0003 aabbcc", new PasswordAlgorithm(1, hex("aabbcc")));
        assertEquals(new PasswordAlgorithm(1, hex("aabbcc")), decode(PasswordAlgorithm.TYPE, "0001 0003 aabbcc00"),
                "parameters padded inside the value are accepted too");
        assertThrows(StunParseException.class, () -> decode(PasswordAlgorithm.TYPE, "0001 0004 aabbcc"));
        assertThrows(StunParseException.class, () -> decode(PasswordAlgorithm.TYPE, "0001 0000 00000000"));
        assertThrows(StunParseException.class, () -> decode(PasswordAlgorithm.TYPE, "0001"));

        assertWire("0002 0000 0001 0000", PasswordAlgorithms.of(PasswordAlgorithm.SHA256, PasswordAlgorithm.MD5));
        assertWire("0009 0001 ff000000 0002 0000",
                new PasswordAlgorithms(List.of(new PasswordAlgorithm(9, hex("ff")), PasswordAlgorithm.sha256())));
        assertEquals(new PasswordAlgorithms(List.of(PasswordAlgorithm.md5(), new PasswordAlgorithm(9, hex("ff")))),
                decode(PasswordAlgorithms.TYPE, "0001 0000 0009 0001 ff"), "last entry's padding may be omitted");
        assertThrows(StunParseException.class, () -> decode(PasswordAlgorithms.TYPE, ""));
        assertThrows(StunParseException.class, () -> decode(PasswordAlgorithms.TYPE, "0001 0000 0002"));
        assertThrows(StunParseException.class, () -> decode(PasswordAlgorithms.TYPE, "0001 0008 0000"));
    }

    @Test
    void alternateServerIsPlainAndPeerAndRelayedAreXored() throws Exception {
        InetSocketAddress a = new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 32853);
        assertWire("0001 8055 c0000201", new AlternateServer(a));
        // XOR forms use the cookie, as XOR-MAPPED-ADDRESS in RFC 5769 §2.2
        assertWire("0001 a147 e112a643", new XorPeerAddress(a));
        assertWire("0001 a147 e112a643", new XorRelayedAddress(a));
    }

    @Test
    void ipv4MappedIpv6AddressesDecodeAsIpv4() throws Exception {
        // ::ffff:127.0.0.1 sent as family 2 comes back as the IPv4 address it denotes; a deny list that checks
        // InetAddress.isLoopbackAddress() therefore sees it (SECURITY-NOTES A3)
        byte[] raw = new byte[16];
        raw[10] = (byte) 0xFF;
        raw[11] = (byte) 0xFF;
        raw[12] = 127;
        raw[15] = 1;
        ByteBuffer v = ByteBuffer.allocate(20).put(1, (byte) 2).putShort(2, (short) 80).put(4, raw);
        StunMessage m = StunMessage.parse(ByteBuffer.wrap(rawRequest(MappedAddress.CODE, v.array())));
        InetSocketAddress decoded = m.get(MappedAddress.TYPE).address();
        assertInstanceOf(Inet4Address.class, decoded.getAddress());
        assertTrue(decoded.getAddress().isLoopbackAddress());
    }

    @Test
    void opaqueValuesAndText() {
        byte[] mac = new byte[20];
        Arrays.fill(mac, (byte) 7);
        assertArrayEquals(mac, value(new MessageIntegrity(mac)));
        assertWire("deadbeef", new Fingerprint(0xdeadbeef));
        assertWire("", new Data(new byte[0]));
        assertWire("0102030405", new Data(hex("0102030405")));
        assertWire("7475726e2e6578616d706c652e6f7267", new AlternateDomain("turn.example.org"));
        assertThrows(StunParseException.class, () -> decode(AlternateDomain.TYPE, ""));
        assertThrows(StunParseException.class, () -> decode(AlternateDomain.TYPE, "61 20 62")); // space
        assertThrows(StunParseException.class, () -> decode(AlternateDomain.TYPE, "c3a9")); // not ASCII
        assertThrows(IllegalArgumentException.class, () -> new AlternateDomain("caf\u00E9.example"));
        assertThrows(IllegalArgumentException.class, () -> new AlternateDomain("a".repeat(256)));
        assertEquals(new AlternateDomain("a".repeat(255)), decode(AlternateDomain.TYPE, "61".repeat(255)));
    }

    @Test
    void dataIsReadableInPlace() {
        byte[] payload = hex("00112233445566");
        StunMessage m = StunMessage.parse(ByteBuffer.wrap(request(new Lifetime(1), new Data(payload))));
        int offset = Data.offset(m);
        assertEquals(payload.length, Data.length(m));
        assertEquals(StunMessage.HEADER_LENGTH + 8 + 4, offset);
        assertEquals(0x33, m.buffer().get(offset + 3));
        ByteBuffer target = ByteBuffer.allocate(10).position(2);
        assertEquals(payload.length, Data.copyTo(m, target));
        assertEquals(9, target.position());
        assertArrayEquals(payload, Arrays.copyOfRange(target.array(), 2, 9));
        StunMessage none = StunMessage.parse(ByteBuffer.wrap(request(new Lifetime(1))));
        assertEquals(-1, Data.offset(none));
        assertEquals(-1, Data.length(none));
        assertEquals(-1, Data.copyTo(none, target));
        assertThrows(java.nio.BufferOverflowException.class, () -> Data.copyTo(m, ByteBuffer.allocate(3)));
    }

    @Test
    void fixedSizeAttributesRejectEveryOtherLength() {
        Map<AttributeType<?>, Integer> fixed = Map.ofEntries(
                Map.entry(Lifetime.TYPE, 4), Map.entry(ConnectionId.TYPE, 4), Map.entry(CacheTimeout.TYPE, 4),
                Map.entry(Priority.TYPE, 4), Map.entry(ChannelNumber.TYPE, 4),
                Map.entry(RequestedTransport.TYPE, 4), Map.entry(RequestedAddressFamily.TYPE, 4),
                Map.entry(AdditionalAddressFamily.TYPE, 4), Map.entry(EvenPort.TYPE, 1),
                Map.entry(DontFragment.TYPE, 0), Map.entry(UseCandidate.TYPE, 0),
                Map.entry(ReservationToken.TYPE, 8), Map.entry(IceControlled.TYPE, 8),
                Map.entry(IceControlling.TYPE, 8), Map.entry(Icmp.TYPE, 8), Map.entry(Fingerprint.TYPE, 4),
                Map.entry(MessageIntegrity.TYPE, 20), Map.entry(Userhash.TYPE, 32),
                Map.entry(ChangeRequest.TYPE, 4), Map.entry(ResponsePort.TYPE, 4));
        for (Map.Entry<AttributeType<?>, Integer> e : fixed.entrySet()) {
            AttributeType<?> type = e.getKey();
            for (int length = 0; length <= 40; length++) {
                StunMessage m = StunMessage.parse(ByteBuffer.wrap(rawRequest(type.code(), new byte[length])));
                if (length == e.getValue()) {
                    m.get(type);
                } else {
                    assertThrows(StunParseException.class, () -> m.get(type), type + " with length " + length);
                }
            }
        }
        for (int length = 0; length <= 40; length++) {
            StunMessage m = StunMessage.parse(ByteBuffer.wrap(rawRequest(MessageIntegritySha256.CODE,
                    new byte[length])));
            if (MessageIntegritySha256.validLength(length)) {
                assertEquals(length, m.get(MessageIntegritySha256.TYPE).mac().length);
            } else {
                assertThrows(StunParseException.class, () -> m.get(MessageIntegritySha256.TYPE), "length " + length);
            }
        }
    }

    @Test
    void recordsHoldingBytesCopyThemAndCompareByContent() {
        byte[] raw = new byte[32];
        Userhash u = new Userhash(raw);
        raw[0] = 1;
        assertEquals(0, u.hash()[0], "the record keeps its own copy");
        u.hash()[1] = 9;
        assertEquals(0, u.hash()[1], "the accessor returns a copy");
        assertEquals(new Userhash(new byte[32]), u);
        assertEquals(new Data(hex("01")).hashCode(), new Data(hex("01")).hashCode());
    }
}
