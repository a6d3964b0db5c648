package dev.nat4j.stun.attribute;

import dev.nat4j.stun.AttributeType;
import dev.nat4j.stun.StunAttribute;
import dev.nat4j.stun.StunWriter;

/**
 * RESERVATION-TOKEN (RFC 8656 §18.10): an 8-byte token naming a relayed port the server reserved after an EVEN-PORT
 * allocation with R set.
 *
 * @param token the 64 opaque token bits
 */
public record ReservationToken(long token) implements StunAttribute {
    public static final int CODE = 0x0022;
    public static final AttributeType<ReservationToken> TYPE = new AttributeType<>(CODE, "RESERVATION-TOKEN",
            (m, offset, length) -> {
                Values.requireLength(length, 8, "RESERVATION-TOKEN");
                return new ReservationToken(m.buffer().getLong(offset));
            });

    @Override
    public int type() {
        return CODE;
    }

    @Override
    public void writeValue(StunWriter writer) {
        writer.putU64(token);
    }

    @Override
    public String toString() {
        return String.format("ReservationToken[%016x]", token);
    }
}
