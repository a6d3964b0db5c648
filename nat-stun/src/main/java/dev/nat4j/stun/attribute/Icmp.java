package dev.nat4j.stun.attribute;

import dev.nat4j.stun.AttributeType;
import dev.nat4j.stun.StunAttribute;
import dev.nat4j.stun.StunWriter;

/**
 * ICMP (RFC 8656 §18.13): an ICMP error the server received for a relayed packet, forwarded in a Data indication.
 * Eight bytes: 16 reserved bits, a 7-bit ICMP type, a 9-bit ICMP code, and 32 bits of error data (e.g. the MTU for
 * "packet too big"). Type and code are read as ICMPv4 or ICMPv6 by the family of the peer address.
 *
 * @param icmpType  0..127
 * @param icmpCode  0..511
 * @param errorData unsigned 32-bit, 0..4294967295
 */
public record Icmp(int icmpType, int icmpCode, long errorData) implements StunAttribute {
    public static final int CODE = 0x8004;
    public static final AttributeType<Icmp> TYPE = new AttributeType<>(CODE, "ICMP",
            (m, offset, length) -> {
                Values.requireLength(length, 8, "ICMP");
                int typeAndCode = m.buffer().getShort(offset + 2) & 0xFFFF;
                return new Icmp(typeAndCode >>> 9, typeAndCode & 0x1FF, Values.u32(m, offset + 4));
            });

    public Icmp {
        Values.checkRange(icmpType, 0, 0x7F, "ICMP type");
        Values.checkRange(icmpCode, 0, 0x1FF, "ICMP code");
        Values.checkU32(errorData, "ICMP error data");
    }

    @Override
    public int type() {
        return CODE;
    }

    @Override
    public void writeValue(StunWriter writer) {
        writer.putU16(0).putU16((icmpType << 9) | icmpCode).putU32(errorData);
    }
}
