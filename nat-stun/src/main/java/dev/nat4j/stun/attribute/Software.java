package dev.nat4j.stun.attribute;

import dev.nat4j.stun.AttributeType;
import dev.nat4j.stun.StunAttribute;
import dev.nat4j.stun.StunWriter;

/**
 * SOFTWARE (RFC 8489 §14.14, the agent's name and version; servers leave it out by default to keep responses small): UTF-8 text of at most 763 bytes.
 *
 * @param value the text
 */
public record Software(String value) implements StunAttribute {
    public static final int CODE = 0x8022;
    public static final AttributeType<Software> TYPE = new AttributeType<>(CODE, "SOFTWARE",
            (m, offset, length) -> new Software(TextValue.decode(m, offset, length, TextValue.MAX_TEXT_BYTES, "SOFTWARE")));

    public Software {
        TextValue.encode(value, TextValue.MAX_TEXT_BYTES, "SOFTWARE");
    }

    @Override
    public int type() {
        return CODE;
    }

    @Override
    public void writeValue(StunWriter writer) {
        writer.putBytes(TextValue.encode(value, TextValue.MAX_TEXT_BYTES, "SOFTWARE"));
    }
}
