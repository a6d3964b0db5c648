package dev.nat4j.stun.attribute;

import java.net.InetSocketAddress;
import java.util.Objects;

import dev.nat4j.stun.AttributeType;
import dev.nat4j.stun.StunAttribute;
import dev.nat4j.stun.StunWriter;

/**
 * XOR-PEER-ADDRESS (RFC 8656 §18.3): the peer's transport address as the server sees it, XOR-encoded like XOR-MAPPED-ADDRESS.
 * Servers must canonicalise it before any permission or deny-list check.
 *
 * @param address the transport address carried
 */
public record XorPeerAddress(InetSocketAddress address) implements StunAttribute {
    public static final int CODE = 0x0012;
    public static final AttributeType<XorPeerAddress> TYPE = new AttributeType<>(CODE, "XOR-PEER-ADDRESS",
            (m, offset, length) -> new XorPeerAddress(AddressValue.decode(m, offset, length, true)));

    public XorPeerAddress {
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
