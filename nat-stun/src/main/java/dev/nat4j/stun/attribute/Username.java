package dev.nat4j.stun.attribute;

import dev.nat4j.stun.AttributeType;
import dev.nat4j.stun.StunAttribute;
import dev.nat4j.stun.StunWriter;

/**
 * USERNAME (RFC 8489 §14.3): UTF-8, at most 513 bytes.
 *
 * @param value the user name
 */
public record Username(String value) implements StunAttribute {
    public static final int CODE = 0x0006;
    public static final AttributeType<Username> TYPE = new AttributeType<>(CODE, "USERNAME",
            (m, offset, length) -> new Username(
                    TextValue.decode(m, offset, length, TextValue.MAX_USERNAME_BYTES, "USERNAME")));

    public Username {
        TextValue.encode(value, TextValue.MAX_USERNAME_BYTES, "USERNAME");
    }

    @Override
    public int type() {
        return CODE;
    }

    @Override
    public void writeValue(StunWriter writer) {
        writer.putBytes(TextValue.encode(value, TextValue.MAX_USERNAME_BYTES, "USERNAME"));
    }
}
