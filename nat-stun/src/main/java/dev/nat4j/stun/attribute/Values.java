package dev.nat4j.stun.attribute;

import dev.nat4j.stun.StunMessage;
import dev.nat4j.stun.StunParseException;

/** Checks shared by the fixed-size attribute codecs: exact lengths on the wire, ranges on construction. */
final class Values {
    private Values() {}

    /** Throws when a received value is not exactly {@code expected} bytes: a wrong size is malformed, never guessed. */
    static void requireLength(int length, int expected, String name) {
        if (length != expected) {
            throw new StunParseException(name + " must be " + expected + " bytes, got " + length);
        }
    }

    /** An unsigned 32-bit field as a non-negative {@code long}. */
    static long u32(StunMessage message, int offset) {
        return message.buffer().getInt(offset) & 0xFFFF_FFFFL;
    }

    /** A copy of {@code length} bytes at absolute {@code offset}. */
    static byte[] bytes(StunMessage message, int offset, int length) {
        byte[] copy = new byte[length];
        message.buffer().get(offset, copy);
        return copy;
    }

    static long checkU32(long value, String name) {
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException(name + " must be an unsigned 32-bit value, got " + value);
        }
        return value;
    }

    static int checkRange(int value, int min, int max, String name) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be in " + min + ".." + max + ", got " + value);
        }
        return value;
    }
}
