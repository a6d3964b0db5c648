package dev.nat4j.stun.attribute;

import dev.nat4j.stun.AttributeType;
import dev.nat4j.stun.StunAttribute;
import dev.nat4j.stun.StunWriter;

/**
 * ADDITIONAL-ADDRESS-FAMILY (RFC 8656 §18.11): asks for a second relayed address of another family (only IPv6 is
 * allowed; a server answers 400 to IPv4).
 *
 * <p>Any family byte decodes, so that the server, not the codec, decides the answer.
 *
 * @param family the family byte: {@link #IPV4} or {@link #IPV6} (others are carried as received)
 */
public record AdditionalAddressFamily(int family) implements StunAttribute {
    public static final int CODE = 0x8000;
    /** Family 0x01. */
    public static final int IPV4 = 0x01;
    /** Family 0x02. */
    public static final int IPV6 = 0x02;
    public static final AttributeType<AdditionalAddressFamily> TYPE = new AttributeType<>(CODE, "ADDITIONAL-ADDRESS-FAMILY",
            (m, offset, length) -> {
                Values.requireLength(length, 4, "ADDITIONAL-ADDRESS-FAMILY");
                return new AdditionalAddressFamily(m.buffer().get(offset) & 0xFF);
            });

    public AdditionalAddressFamily {
        Values.checkRange(family, 0, 0xFF, "ADDITIONAL-ADDRESS-FAMILY family");
    }

    /** The IPv4 form. */
    public static AdditionalAddressFamily ipv4() {
        return new AdditionalAddressFamily(IPV4);
    }

    /** The IPv6 form. */
    public static AdditionalAddressFamily ipv6() {
        return new AdditionalAddressFamily(IPV6);
    }

    @Override
    public int type() {
        return CODE;
    }

    @Override
    public void writeValue(StunWriter writer) {
        writer.putU8(family).putU8(0).putU16(0);
    }
}
