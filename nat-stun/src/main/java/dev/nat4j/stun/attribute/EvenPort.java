package dev.nat4j.stun.attribute;

import dev.nat4j.stun.AttributeType;
import dev.nat4j.stun.StunAttribute;
import dev.nat4j.stun.StunWriter;

/**
 * EVEN-PORT (RFC 8656 §18.7): asks for an even relayed port; with R set, also reserve the next port. The value is one
 * byte (R is its top bit), followed by three bytes of padding.
 *
 * @param reserveNext the R bit
 */
public record EvenPort(boolean reserveNext) implements StunAttribute {
    public static final int CODE = 0x0018;
    private static final int R_BIT = 0x80;
    public static final AttributeType<EvenPort> TYPE = new AttributeType<>(CODE, "EVEN-PORT",
            (m, offset, length) -> {
                Values.requireLength(length, 1, "EVEN-PORT");
                return new EvenPort((m.buffer().get(offset) & R_BIT) != 0);
            });

    @Override
    public int type() {
        return CODE;
    }

    @Override
    public void writeValue(StunWriter writer) {
        writer.putU8(reserveNext ? R_BIT : 0);
    }
}
