package dev.nat4j.stun.attribute;

import dev.nat4j.stun.AttributeType;
import dev.nat4j.stun.StunAttribute;
import dev.nat4j.stun.StunWriter;

/**
 * NONCE (RFC 8489 §14.10, the server's nonce; may start with the security-feature cookie): UTF-8 text of at most 763 bytes.
 *
 * @param value the text
 */
public record Nonce(String value) implements StunAttribute {
    public static final int CODE = 0x0015;
    public static final AttributeType<Nonce> TYPE = new AttributeType<>(CODE, "NONCE",
            (m, offset, length) -> new Nonce(TextValue.decode(m, offset, length, TextValue.MAX_TEXT_BYTES, "NONCE")));

    public Nonce {
        TextValue.encode(value, TextValue.MAX_TEXT_BYTES, "NONCE");
    }

    @Override
    public int type() {
        return CODE;
    }

    @Override
    public void writeValue(StunWriter writer) {
        writer.putBytes(TextValue.encode(value, TextValue.MAX_TEXT_BYTES, "NONCE"));
    }
}
