package dev.nat4j.stun.attribute;

import dev.nat4j.stun.AttributeType;
import dev.nat4j.stun.StunAttribute;
import dev.nat4j.stun.StunWriter;

/**
 * USERNAME (RFC 8489 §14.3): UTF-8, at most 512 bytes (fewer than 513), without control characters (an
 * OpaqueString-prepared name has none, and CR/LF would let a peer forge log lines).
 *
 * @param value the user name
 */
public record Username(String value) implements StunAttribute {
    public static final int CODE = 0x0006;
    public static final AttributeType<Username> TYPE = new AttributeType<>(CODE, "USERNAME",
            (m, offset, length) -> new Username(
                    TextValue.decode(m, offset, length, TextValue.MAX_USERNAME_BYTES, "USERNAME", true)));

    public Username {
        TextValue.encode(value, TextValue.MAX_USERNAME_BYTES, "USERNAME", true);
    }

    @Override
    public int type() {
        return CODE;
    }

    @Override
    public void writeValue(StunWriter writer) {
        writer.putBytes(TextValue.encode(value, TextValue.MAX_USERNAME_BYTES, "USERNAME", true));
    }
}
