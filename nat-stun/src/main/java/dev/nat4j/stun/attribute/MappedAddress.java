package dev.nat4j.stun.attribute;

import java.net.InetSocketAddress;
import java.util.Objects;

import dev.nat4j.stun.AttributeType;
import dev.nat4j.stun.StunAttribute;
import dev.nat4j.stun.StunWriter;

/**
 * MAPPED-ADDRESS (RFC 8489 §14.1): the reflexive address in the clear, kept for RFC 3489 servers.
 *
 * @param address the mapped address
 */
public record MappedAddress(InetSocketAddress address) implements StunAttribute {
    public static final int CODE = 0x0001;
    public static final AttributeType<MappedAddress> TYPE = new AttributeType<>(CODE, "MAPPED-ADDRESS",
            (m, offset, length) -> new MappedAddress(AddressValue.decode(m, offset, length, false)));

    public MappedAddress {
        Objects.requireNonNull(address, "address");
    }

    @Override
    public int type() {
        return CODE;
    }

    @Override
    public void writeValue(StunWriter writer) {
        writer.putAddress(address, false);
    }
}
