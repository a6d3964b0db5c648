package dev.nat4j.stun.attribute;

import dev.nat4j.stun.AttributeType;
import dev.nat4j.stun.StunAttribute;
import dev.nat4j.stun.StunWriter;

/**
 * ICE-CONTROLLING (RFC 8445 §7.1.3): sent by an agent that believes it is controlling, with its tie-breaker.
 *
 * <p>The tie-breaker is an unsigned 64-bit number held in a {@code long} with the same bits: values with the top
 * bit set are negative in Java, so compare tie-breakers with {@link Long#compareUnsigned(long, long)}, never with
 * {@code <} (RFC 8445 §7.3.1.1 compares them as unsigned integers).
 *
 * @param tieBreaker the 64 tie-breaker bits
 */
public record IceControlling(long tieBreaker) implements StunAttribute {
    public static final int CODE = 0x802A;
    public static final AttributeType<IceControlling> TYPE = new AttributeType<>(CODE, "ICE-CONTROLLING",
            (m, offset, length) -> {
                Values.requireLength(length, 8, "ICE-CONTROLLING");
                return new IceControlling(m.buffer().getLong(offset));
            });

    @Override
    public int type() {
        return CODE;
    }

    @Override
    public void writeValue(StunWriter writer) {
        writer.putU64(tieBreaker);
    }

    @Override
    public String toString() {
        return "IceControlling[tieBreaker=" + Long.toUnsignedString(tieBreaker) + "]";
    }
}
