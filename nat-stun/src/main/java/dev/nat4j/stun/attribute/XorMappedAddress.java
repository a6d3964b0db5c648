package dev.nat4j.stun.attribute;

import java.net.InetSocketAddress;
import java.util.Objects;

import dev.nat4j.stun.AttributeType;
import dev.nat4j.stun.StunAttribute;
import dev.nat4j.stun.StunWriter;

/**
 * XOR-MAPPED-ADDRESS (RFC 8489 §14.2): the client's reflexive transport address, XORed with the magic cookie (and,
 * for IPv6, the transaction id) so that NATs rewriting addresses in payloads leave it alone.
 *
 * @param address the mapped address
 */
public record XorMappedAddress(InetSocketAddress address) implements StunAttribute {
    public static final int CODE = 0x0020;
    public static final AttributeType<XorMappedAddress> TYPE = new AttributeType<>(CODE, "XOR-MAPPED-ADDRESS",
            (m, offset, length) -> new XorMappedAddress(AddressValue.decode(m, offset, length, true)));

    public XorMappedAddress {
        Objects.requireNonNull(address, "address");
    }

    @Override
    public int type() {
        return CODE;
    }

    @Override
    public void writeValue(StunWriter writer) {
        writer.putAddress(address, true);
    }
}
