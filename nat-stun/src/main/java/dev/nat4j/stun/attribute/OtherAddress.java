package dev.nat4j.stun.attribute;

import java.net.InetSocketAddress;
import java.util.Objects;

import dev.nat4j.stun.AttributeType;
import dev.nat4j.stun.StunAttribute;
import dev.nat4j.stun.StunWriter;

/**
 * OTHER-ADDRESS (RFC 5780 §7.4: the server's alternate address (other IP and other port) for NAT behaviour discovery).
 *
 * @param address the transport address carried
 */
public record OtherAddress(InetSocketAddress address) implements StunAttribute {
    public static final int CODE = 0x802C;
    public static final AttributeType<OtherAddress> TYPE = new AttributeType<>(CODE, "OTHER-ADDRESS",
            (m, offset, length) -> new OtherAddress(AddressValue.decode(m, offset, length, false)));

    public OtherAddress {
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
