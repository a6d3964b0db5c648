package dev.nat4j.stun.attribute;

import dev.nat4j.stun.AttributeType;
import dev.nat4j.stun.StunAttribute;
import dev.nat4j.stun.StunWriter;

/**
 * REALM (RFC 8489 §14.9, the long-term credential realm): UTF-8 text of at most 763 bytes, without control
 * characters (it is OpaqueString-prepared).
 *
 * @param value the text
 */
public record Realm(String value) implements StunAttribute {
    public static final int CODE = 0x0014;
    public static final AttributeType<Realm> TYPE = new AttributeType<>(CODE, "REALM",
            (m, offset, length) -> new Realm(TextValue.decode(m, offset, length, TextValue.MAX_TEXT_BYTES, "REALM", true)));

    public Realm {
        TextValue.encode(value, TextValue.MAX_TEXT_BYTES, "REALM", true);
    }

    @Override
    public int type() {
        return CODE;
    }

    @Override
    public void writeValue(StunWriter writer) {
        writer.putBytes(TextValue.encode(value, TextValue.MAX_TEXT_BYTES, "REALM", true));
    }
}
