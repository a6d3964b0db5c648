package dev.nat4j.stun.attribute;

import dev.nat4j.stun.AttributeType;
import dev.nat4j.stun.StunAttribute;
import dev.nat4j.stun.StunWriter;

/**
 * PADDING (RFC 5780 §7.6): filler to test fragmentation; the content carries no meaning and is written as zeros.
 *
 * @param length bytes of padding
 */
public record Padding(int length) implements StunAttribute {
    public static final int CODE = 0x0026;
    public static final AttributeType<Padding> TYPE = new AttributeType<>(CODE, "PADDING",
            (m, offset, length) -> new Padding(length));

    public Padding {
        if (length < 0 || length > 0xFFFF) {
            throw new IllegalArgumentException("padding length out of range: " + length);
        }
    }

    @Override
    public int type() {
        return CODE;
    }

    @Override
    public void writeValue(StunWriter writer) {
        for (int i = 0; i < length; i++) {
            writer.putU8(0);
        }
    }
}
