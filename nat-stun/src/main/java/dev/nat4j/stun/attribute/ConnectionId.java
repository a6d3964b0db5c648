package dev.nat4j.stun.attribute;

import dev.nat4j.stun.AttributeType;
import dev.nat4j.stun.StunAttribute;
import dev.nat4j.stun.StunWriter;

/**
 * CONNECTION-ID (RFC 6062 §6.2.1): names a TCP peer connection of a TURN TCP allocation (unsigned 32-bit).
 *
 * <p>The wire field is unsigned, so it is held in a {@code long} that is never negative.
 *
 * @param id the connection id, 0..4294967295
 */
public record ConnectionId(long id) implements StunAttribute {
    public static final int CODE = 0x002A;
    public static final AttributeType<ConnectionId> TYPE = new AttributeType<>(CODE, "CONNECTION-ID",
            (m, offset, length) -> {
                Values.requireLength(length, 4, "CONNECTION-ID");
                return new ConnectionId(Values.u32(m, offset));
            });

    public ConnectionId {
        Values.checkU32(id, "CONNECTION-ID");
    }

    @Override
    public int type() {
        return CODE;
    }

    @Override
    public void writeValue(StunWriter writer) {
        writer.putU32(id);
    }
}
