package dev.nat4j.stun.attribute;

import dev.nat4j.stun.AttributeType;
import dev.nat4j.stun.StunAttribute;
import dev.nat4j.stun.StunWriter;

/**
 * REQUESTED-ADDRESS-FAMILY (RFC 8656 §18.8): the address family of the relayed address a client asks for.
 *
 * <p>Any family byte decodes, so that a server can answer 440 (Address Family not Supported) to 0x03 rather than 400.
 *
 * @param family the family byte: {@link #IPV4} or {@link #IPV6} (others are carried as received)
 */
public record RequestedAddressFamily(int family) implements StunAttribute {
    public static final int CODE = 0x0017;
    /** Family 0x01. */
    public static final int IPV4 = 0x01;
    /** Family 0x02. */
    public static final int IPV6 = 0x02;
    public static final AttributeType<RequestedAddressFamily> TYPE = new AttributeType<>(CODE, "REQUESTED-ADDRESS-FAMILY",
            (m, offset, length) -> {
                Values.requireLength(length, 4, "REQUESTED-ADDRESS-FAMILY");
                return new RequestedAddressFamily(m.buffer().get(offset) & 0xFF);
            });

    public RequestedAddressFamily {
        Values.checkRange(family, 0, 0xFF, "REQUESTED-ADDRESS-FAMILY family");
    }

    /** The IPv4 form. */
    public static RequestedAddressFamily ipv4() {
        return new RequestedAddressFamily(IPV4);
    }

    /** The IPv6 form. */
    public static RequestedAddressFamily ipv6() {
        return new RequestedAddressFamily(IPV6);
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
