package dev.nat4j.stun.attribute;

import java.util.Arrays;
import java.util.HexFormat;

import dev.nat4j.stun.AttributeType;
import dev.nat4j.stun.StunAttribute;
import dev.nat4j.stun.StunWriter;

/**
 * USERHASH (RFC 8489 §14.4): SHA-256 of the user name and realm, sent instead of USERNAME for user anonymity.
 * {@link dev.nat4j.stun.auth.LongTermCredentials#userhash(String, String)} computes it.
 *
 * @param hash the 32 hash bytes
 */
public record Userhash(byte[] hash) implements StunAttribute {
    public static final int CODE = 0x001E;
    /** Length of the value. */
    public static final int LENGTH = 32;
    public static final AttributeType<Userhash> TYPE = new AttributeType<>(CODE, "USERHASH",
            (m, offset, length) -> {
                Values.requireLength(length, LENGTH, "USERHASH");
                return new Userhash(Values.bytes(m, offset, length));
            });

    public Userhash {
        if (hash.length != LENGTH) {
            throw new IllegalArgumentException("USERHASH must be 32 bytes");
        }
        hash = hash.clone();
    }

    @Override
    public byte[] hash() {
        return hash.clone();
    }

    @Override
    public int type() {
        return CODE;
    }

    @Override
    public void writeValue(StunWriter writer) {
        writer.putBytes(hash);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Userhash other && Arrays.equals(hash, other.hash);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(hash);
    }

    @Override
    public String toString() {
        return "Userhash[" + HexFormat.of().formatHex(hash) + "]";
    }
}
