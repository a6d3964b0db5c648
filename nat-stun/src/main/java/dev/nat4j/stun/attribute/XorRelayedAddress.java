package dev.nat4j.stun.attribute;

import java.net.InetSocketAddress;
import java.util.Objects;

import dev.nat4j.stun.AttributeType;
import dev.nat4j.stun.StunAttribute;
import dev.nat4j.stun.StunWriter;

/**
 * XOR-RELAYED-ADDRESS (RFC 8656 §18.5): the relayed transport address the server allocated, XOR-encoded like
 * XOR-MAPPED-ADDRESS. A dual-stack Allocate success response carries two of them.
 *
 * @param address the transport address carried
 */
public record XorRelayedAddress(InetSocketAddress address) implements StunAttribute {
    public static final int CODE = 0x0016;
    public static final AttributeType<XorRelayedAddress> TYPE = new AttributeType<>(CODE, "XOR-RELAYED-ADDRESS",
            (m, offset, length) -> new XorRelayedAddress(AddressValue.decode(m, offset, length, true)));

    public XorRelayedAddress {
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
