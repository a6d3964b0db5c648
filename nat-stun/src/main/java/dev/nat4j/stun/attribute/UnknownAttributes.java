package dev.nat4j.stun.attribute;

import java.nio.ByteBuffer;

import dev.nat4j.stun.AttributeType;
import dev.nat4j.stun.StunAttribute;
import dev.nat4j.stun.StunParseException;
import dev.nat4j.stun.StunWriter;

/**
 * UNKNOWN-ATTRIBUTES (RFC 8489 §14.13): the comprehension-required attributes a 420 response did not understand.
 *
 * @param codes the 16-bit attribute codes
 */
public record UnknownAttributes(int[] codes) implements StunAttribute {
    public static final int CODE = 0x000A;
    public static final AttributeType<UnknownAttributes> TYPE = new AttributeType<>(CODE, "UNKNOWN-ATTRIBUTES",
            (m, offset, length) -> {
                if ((length & 1) != 0) {
                    throw new StunParseException("UNKNOWN-ATTRIBUTES length is odd");
                }
                ByteBuffer b = m.buffer();
                int[] codes = new int[length / 2];
                for (int i = 0; i < codes.length; i++) {
                    codes[i] = b.getShort(offset + 2 * i) & 0xFFFF;
                }
                return new UnknownAttributes(codes);
            });

    public UnknownAttributes {
        codes = codes.clone();
    }

    @Override
    public int[] codes() {
        return codes.clone();
    }

    @Override
    public int type() {
        return CODE;
    }

    @Override
    public void writeValue(StunWriter writer) {
        for (int code : codes) {
            writer.putU16(code);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UnknownAttributes other && java.util.Arrays.equals(codes, other.codes);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(codes);
    }

    @Override
    public String toString() {
        return "UnknownAttributes" + java.util.Arrays.toString(codes);
    }
}
