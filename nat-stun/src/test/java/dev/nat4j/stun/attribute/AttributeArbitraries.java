package dev.nat4j.stun.attribute;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

import dev.nat4j.stun.StunAttribute;

/**
 * jqwik generators for every standard attribute, with the unsigned edge values (0, 0x7FFF, 0x8000, 0xFFFF,
 * 0x80000000, 0xFFFFFFFF, 64-bit values with the top bit set) mixed in on purpose.
 */
public final class AttributeArbitraries {
    private AttributeArbitraries() {}

    static Arbitrary<Long> u32() {
        return Arbitraries.oneOf(
                Arbitraries.of(0L, 1L, 0x7FFFL, 0x8000L, 0xFFFFL, 0x7FFF_FFFFL, 0x8000_0000L, 0xFFFF_FFFFL),
                Arbitraries.longs().between(0, 0xFFFF_FFFFL));
    }

    static Arbitrary<Integer> u16() {
        return Arbitraries.oneOf(Arbitraries.of(0, 1, 0x7FFF, 0x8000, 0xFFFF), Arbitraries.integers().between(0, 0xFFFF));
    }

    static Arbitrary<Long> u64() {
        return Arbitraries.oneOf(
                Arbitraries.of(0L, 1L, Long.MAX_VALUE, Long.MIN_VALUE, -1L, 0x8000_0000L, 0xFFFF_FFFFL),
                Arbitraries.longs());
    }

    static Arbitrary<byte[]> bytes(int min, int max) {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(min).ofMaxSize(max);
    }

    /** Text that survives UTF-8 both ways (no lone surrogates), of at most {@code maxChars} characters. */
    static Arbitrary<String> text(int maxChars) {
        return Arbitraries.oneOf(
                Arbitraries.strings().ascii().ofMaxLength(maxChars),
                Arbitraries.strings().withCharRange('\u0000', '\uD7FF').ofMaxLength(maxChars / 3));
    }

    /** {@link #text} without control characters, as USERNAME and REALM require. */
    static Arbitrary<String> printableText(int maxChars) {
        return text(maxChars).map(t -> t.codePoints().filter(c -> !Character.isISOControl(c))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString());
    }

    /** Socket addresses of both families; IPv4-mapped IPv6 addresses decode as IPv4, so they are left out. */
    public static Arbitrary<InetSocketAddress> socketAddresses() {
        Arbitrary<byte[]> v4 = bytes(4, 4);
        Arbitrary<byte[]> v6 = bytes(16, 16).filter(b -> !isV4Mapped(b));
        return Combinators.combine(Arbitraries.oneOf(v4, v6), u16()).as((raw, port) -> {
            try {
                return new InetSocketAddress(InetAddress.getByAddress(raw), port);
            } catch (UnknownHostException e) {
                throw new AssertionError(e);
            }
        });
    }

    private static boolean isV4Mapped(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return b[10] == (byte) 0xFF && b[11] == (byte) 0xFF;
    }

    static Arbitrary<PasswordAlgorithm> passwordAlgorithm() {
        return Combinators.combine(Arbitraries.oneOf(Arbitraries.of(1, 2), u16()), bytes(0, 9))
                .as(PasswordAlgorithm::new);
    }

    static Arbitrary<Integer> errorCode() {
        return Arbitraries.integers().between(300, 699);
    }

    /** One generator per attribute code, covering every type in {@link StandardAttributes#all()}. */
    public static Map<Integer, Arbitrary<? extends StunAttribute>> byCode() {
        Map<Integer, Arbitrary<? extends StunAttribute>> m = new TreeMap<>();
        m.put(MappedAddress.CODE, socketAddresses().map(MappedAddress::new));
        m.put(Username.CODE, printableText(170).map(Username::new));
        m.put(MessageIntegrity.CODE, bytes(20, 20).map(MessageIntegrity::new));
        m.put(ErrorCode.CODE, Combinators.combine(errorCode(), text(240)).as(ErrorCode::new));
        m.put(UnknownAttributes.CODE, u16().list().ofMaxSize(12)
                .map(l -> new UnknownAttributes(l.stream().mapToInt(Integer::intValue).toArray())));
        m.put(Realm.CODE, printableText(250).map(Realm::new));
        m.put(Nonce.CODE, text(250).map(Nonce::new));
        m.put(MessageIntegritySha256.CODE, Arbitraries.of(16, 20, 24, 28, 32).flatMap(n -> bytes(n, n))
                .map(MessageIntegritySha256::new));
        m.put(PasswordAlgorithm.CODE, passwordAlgorithm());
        m.put(Userhash.CODE, bytes(32, 32).map(Userhash::new));
        m.put(XorMappedAddress.CODE, socketAddresses().map(XorMappedAddress::new));
        m.put(PasswordAlgorithms.CODE, passwordAlgorithm().list().ofMinSize(1).ofMaxSize(5)
                .map(PasswordAlgorithms::new));
        m.put(AlternateDomain.CODE, Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(255)
                .map(AlternateDomain::new));
        m.put(Software.CODE, text(250).map(Software::new));
        m.put(AlternateServer.CODE, socketAddresses().map(AlternateServer::new));
        m.put(Fingerprint.CODE, Arbitraries.integers().map(Fingerprint::new));
        m.put(ChannelNumber.CODE, u16().map(ChannelNumber::new));
        m.put(Lifetime.CODE, u32().map(Lifetime::new));
        m.put(XorPeerAddress.CODE, socketAddresses().map(XorPeerAddress::new));
        m.put(Data.CODE, bytes(0, 1200).map(Data::new));
        m.put(XorRelayedAddress.CODE, socketAddresses().map(XorRelayedAddress::new));
        m.put(RequestedAddressFamily.CODE, Arbitraries.integers().between(0, 255).map(RequestedAddressFamily::new));
        m.put(EvenPort.CODE, Arbitraries.of(true, false).map(EvenPort::new));
        m.put(RequestedTransport.CODE, Arbitraries.integers().between(0, 255).map(RequestedTransport::new));
        m.put(DontFragment.CODE, Arbitraries.just(DontFragment.INSTANCE));
        m.put(ReservationToken.CODE, u64().map(ReservationToken::new));
        m.put(AdditionalAddressFamily.CODE, Arbitraries.integers().between(0, 255).map(AdditionalAddressFamily::new));
        m.put(AddressErrorCode.CODE, Combinators.combine(Arbitraries.integers().between(0, 255), errorCode(), text(90))
                .as(AddressErrorCode::new));
        m.put(Icmp.CODE, Combinators.combine(Arbitraries.integers().between(0, 127),
                Arbitraries.integers().between(0, 511), u32()).as(Icmp::new));
        m.put(ConnectionId.CODE, u32().map(ConnectionId::new));
        m.put(ChangeRequest.CODE, Combinators.combine(Arbitraries.of(true, false), Arbitraries.of(true, false))
                .as(ChangeRequest::new));
        m.put(ResponsePort.CODE, u16().map(ResponsePort::new));
        m.put(Padding.CODE, Arbitraries.integers().between(0, 600).map(Padding::new));
        m.put(CacheTimeout.CODE, u32().map(CacheTimeout::new));
        m.put(ResponseOrigin.CODE, socketAddresses().map(ResponseOrigin::new));
        m.put(OtherAddress.CODE, socketAddresses().map(OtherAddress::new));
        m.put(Priority.CODE, u32().map(Priority::new));
        m.put(UseCandidate.CODE, Arbitraries.just(UseCandidate.INSTANCE));
        m.put(IceControlled.CODE, u64().map(IceControlled::new));
        m.put(IceControlling.CODE, u64().map(IceControlling::new));
        return m;
    }

    /** Codes that change which attributes a view indexes, so a random list should not contain them mid-message. */
    public static final List<Integer> STRUCTURAL = List.of(MessageIntegrity.CODE, MessageIntegritySha256.CODE,
            Fingerprint.CODE);

    /** Any standard attribute. */
    public static Arbitrary<StunAttribute> anyAttribute() {
        return Arbitraries.oneOf(byCode().values().stream().map(a -> a.map(x -> (StunAttribute) x)).toList());
    }

    /** Any standard attribute that may appear anywhere in a message (no integrity or fingerprint). */
    public static Arbitrary<StunAttribute> anyBodyAttribute() {
        return Arbitraries.oneOf(byCode().entrySet().stream().filter(e -> !STRUCTURAL.contains(e.getKey()))
                .map(e -> e.getValue().map(x -> (StunAttribute) x)).toList());
    }
}
