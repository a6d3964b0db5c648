package dev.nat4j.stun.attribute;

import dev.nat4j.stun.AttributeType;
import dev.nat4j.stun.StunAttribute;
import dev.nat4j.stun.StunWriter;

/**
 * LIFETIME (RFC 8656 §18.2): the seconds an allocation should live (unsigned 32-bit; the server clamps it).
 *
 * <p>The wire field is unsigned, so it is held in a {@code long} that is never negative.
 *
 * @param seconds the lifetime in seconds, 0..4294967295 (0 deletes the allocation on Refresh)
 */
public record Lifetime(long seconds) implements StunAttribute {
    public static final int CODE = 0x000D;
    public static final AttributeType<Lifetime> TYPE = new AttributeType<>(CODE, "LIFETIME",
            (m, offset, length) -> {
                Values.requireLength(length, 4, "LIFETIME");
                return new Lifetime(Values.u32(m, offset));
            });

    public Lifetime {
        Values.checkU32(seconds, "LIFETIME");
    }

    @Override
    public int type() {
        return CODE;
    }

    @Override
    public void writeValue(StunWriter writer) {
        writer.putU32(seconds);
    }
}
