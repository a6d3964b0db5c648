package dev.nat4j.stun.attribute;

import dev.nat4j.stun.AttributeType;
import dev.nat4j.stun.StunAttribute;
import dev.nat4j.stun.StunWriter;

/**
 * PRIORITY (RFC 8445 §7.1.1): the priority a peer-reflexive candidate learnt from this check would get (unsigned 32-bit).
 *
 * <p>The wire field is unsigned, so it is held in a {@code long} that is never negative.
 *
 * @param priority the candidate priority, 0..4294967295
 */
public record Priority(long priority) implements StunAttribute {
    public static final int CODE = 0x0024;
    public static final AttributeType<Priority> TYPE = new AttributeType<>(CODE, "PRIORITY",
            (m, offset, length) -> {
                Values.requireLength(length, 4, "PRIORITY");
                return new Priority(Values.u32(m, offset));
            });

    public Priority {
        Values.checkU32(priority, "PRIORITY");
    }

    @Override
    public int type() {
        return CODE;
    }

    @Override
    public void writeValue(StunWriter writer) {
        writer.putU32(priority);
    }
}
