package dev.nat4j.stun.attribute;

import java.net.InetSocketAddress;
import java.util.Objects;

import dev.nat4j.stun.AttributeType;
import dev.nat4j.stun.StunAttribute;
import dev.nat4j.stun.StunWriter;

/**
 * RESPONSE-ORIGIN (RFC 5780 §7.3: the transport address the response was sent from).
 *
 * @param address the transport address carried
 */
public record ResponseOrigin(InetSocketAddress address) implements StunAttribute {
    public static final int CODE = 0x802B;
    public static final AttributeType<ResponseOrigin> TYPE = new AttributeType<>(CODE, "RESPONSE-ORIGIN",
            (m, offset, length) -> new ResponseOrigin(AddressValue.decode(m, offset, length, false)));

    public ResponseOrigin {
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
