package dev.nat4j.stun.attribute;

import dev.nat4j.stun.AttributeType;
import dev.nat4j.stun.StunAttribute;
import dev.nat4j.stun.StunWriter;

/**
 * CACHE-TIMEOUT (RFC 5780 §7.7): the client's estimate of the NAT binding lifetime in seconds (unsigned 32-bit).
 *
 * <p>The wire field is unsigned, so it is held in a {@code long} that is never negative.
 *
 * @param seconds seconds, 0..4294967295
 */
public record CacheTimeout(long seconds) implements StunAttribute {
    public static final int CODE = 0x8027;
    public static final AttributeType<CacheTimeout> TYPE = new AttributeType<>(CODE, "CACHE-TIMEOUT",
            (m, offset, length) -> {
                Values.requireLength(length, 4, "CACHE-TIMEOUT");
                return new CacheTimeout(Values.u32(m, offset));
            });

    public CacheTimeout {
        Values.checkU32(seconds, "CACHE-TIMEOUT");
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
