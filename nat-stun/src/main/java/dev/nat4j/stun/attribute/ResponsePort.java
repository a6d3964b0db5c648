package dev.nat4j.stun.attribute;

import dev.nat4j.stun.AttributeType;
import dev.nat4j.stun.StunAttribute;
import dev.nat4j.stun.StunParseException;
import dev.nat4j.stun.StunWriter;

/**
 * RESPONSE-PORT (RFC 5780 §7.5): asks the server to send the response to this port of the source IP.
 *
 * @param port 0..65535
 */
public record ResponsePort(int port) implements StunAttribute {
    public static final int CODE = 0x0027;
    public static final AttributeType<ResponsePort> TYPE = new AttributeType<>(CODE, "RESPONSE-PORT",
            (m, offset, length) -> {
                if (length != 4) {
                    throw new StunParseException("RESPONSE-PORT must be 4 bytes");
                }
                return new ResponsePort(m.buffer().getShort(offset) & 0xFFFF);
            });

    public ResponsePort {
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    @Override
    public int type() {
        return CODE;
    }

    @Override
    public void writeValue(StunWriter writer) {
        writer.putU16(port).putU16(0);
    }
}
