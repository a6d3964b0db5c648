package dev.nat4j.stun.attribute;

import java.net.InetSocketAddress;
import java.util.Objects;

import dev.nat4j.stun.AttributeType;
import dev.nat4j.stun.StunAttribute;
import dev.nat4j.stun.StunWriter;

/**
 * ALTERNATE-SERVER (RFC 8489 §14.15): the server a 300 (Try Alternate) response redirects the client to, encoded
 * like MAPPED-ADDRESS (not XORed).
 *
 * @param address the transport address carried
 */
public record AlternateServer(InetSocketAddress address) implements StunAttribute {
    public static final int CODE = 0x8023;
    public static final AttributeType<AlternateServer> TYPE = new AttributeType<>(CODE, "ALTERNATE-SERVER",
            (m, offset, length) -> new AlternateServer(AddressValue.decode(m, offset, length, false)));

    public AlternateServer {
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
