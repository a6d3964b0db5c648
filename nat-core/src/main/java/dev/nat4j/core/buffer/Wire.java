package dev.nat4j.core.buffer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Unsigned, network-byte-order reads and writes on {@link ByteBuffer}s, plus the 4-byte padding STUN and TURN use.
 *
 * <p>Java has no unsigned integer types, so every 16-bit field comes back as a non-negative {@code int} and every
 * 32-bit field as a non-negative {@code long}: {@code 0xFFFF} reads as 65535, never -1. All multi-byte values are
 * big-endian whatever {@link ByteBuffer#order()} says, because the wire is. Absolute methods take an index and leave
 * the buffer's position alone; relative {@code put} methods append at the position, as a writer does.
 *
 * <pre>{@code
 * int type = Wire.u16(buf, 0);           // message type
 * int length = Wire.u16(buf, 2);         // attribute area length
 * long cookie = Wire.u32(buf, 4);        // 0x2112A442
 * Wire.putU16(out, attributeType);
 * Wire.putU16(out, value.length);
 * out.put(value);
 * Wire.putZeros(out, Wire.padding(value.length));
 * }</pre>
 */
public final class Wire {
    private Wire() {}

    /** The largest value of an unsigned 16-bit field. */
    public static final int U16_MAX = 0xFFFF;

    /** The largest value of an unsigned 32-bit field. */
    public static final long U32_MAX = 0xFFFF_FFFFL;

    // ---------------------------------------------------------------- absolute reads

    /** The unsigned byte at {@code index}: 0..255. */
    public static int u8(ByteBuffer buf, int index) {
        return buf.get(index) & 0xFF;
    }

    /** The unsigned big-endian 16-bit value at {@code index}: 0..65535. */
    public static int u16(ByteBuffer buf, int index) {
        short s = buf.getShort(index);
        return Short.toUnsignedInt(buf.order() == ByteOrder.BIG_ENDIAN ? s : Short.reverseBytes(s));
    }

    /** The unsigned big-endian 32-bit value at {@code index}: 0..4294967295. */
    public static long u32(ByteBuffer buf, int index) {
        int i = buf.getInt(index);
        return Integer.toUnsignedLong(buf.order() == ByteOrder.BIG_ENDIAN ? i : Integer.reverseBytes(i));
    }

    // ---------------------------------------------------------------- relative reads

    /** Reads an unsigned byte at the position and advances it by one. */
    public static int getU8(ByteBuffer buf) {
        return buf.get() & 0xFF;
    }

    /** Reads an unsigned big-endian 16-bit value at the position and advances it by two. */
    public static int getU16(ByteBuffer buf) {
        int v = u16(buf, buf.position());
        buf.position(buf.position() + 2);
        return v;
    }

    /** Reads an unsigned big-endian 32-bit value at the position and advances it by four. */
    public static long getU32(ByteBuffer buf) {
        long v = u32(buf, buf.position());
        buf.position(buf.position() + 4);
        return v;
    }

    // ---------------------------------------------------------------- absolute writes

    /** Writes {@code value} (0..255) as one byte at {@code index}. */
    public static void putU8(ByteBuffer buf, int index, int value) {
        buf.put(index, (byte) checkU8(value));
    }

    /** Writes {@code value} (0..65535) big-endian at {@code index}. */
    public static void putU16(ByteBuffer buf, int index, int value) {
        short s = (short) checkU16(value);
        buf.putShort(index, buf.order() == ByteOrder.BIG_ENDIAN ? s : Short.reverseBytes(s));
    }

    /** Writes {@code value} (0..4294967295) big-endian at {@code index}. */
    public static void putU32(ByteBuffer buf, int index, long value) {
        int i = (int) checkU32(value);
        buf.putInt(index, buf.order() == ByteOrder.BIG_ENDIAN ? i : Integer.reverseBytes(i));
    }

    /** Writes {@code count} zero bytes from {@code index} on; the position does not move. */
    public static void putZeros(ByteBuffer buf, int index, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("negative count: " + count);
        }
        if (index < 0 || index > buf.limit() - count) {
            throw new IndexOutOfBoundsException("zeros [" + index + ", +" + count + ") outside limit " + buf.limit());
        }
        for (int i = 0; i < count; i++) {
            buf.put(index + i, (byte) 0);
        }
    }

    // ---------------------------------------------------------------- relative writes

    /** Appends {@code value} (0..255) as one byte. */
    public static void putU8(ByteBuffer buf, int value) {
        buf.put((byte) checkU8(value));
    }

    /** Appends {@code value} (0..65535) big-endian. */
    public static void putU16(ByteBuffer buf, int value) {
        checkU16(value); // before reserving, so a bad value leaves the position alone
        putU16(buf, reserve(buf, 2), value);
    }

    /** Appends {@code value} (0..4294967295) big-endian. */
    public static void putU32(ByteBuffer buf, long value) {
        checkU32(value);
        putU32(buf, reserve(buf, 4), value);
    }

    /** Appends {@code count} zero bytes (the padding after a value, typically {@link #padding(int)}). */
    public static void putZeros(ByteBuffer buf, int count) {
        putZeros(buf, reserve(buf, count), count);
    }

    // ---------------------------------------------------------------- padding

    /** {@code length} rounded up to a multiple of 4: STUN attribute values and stream ChannelData are padded so. */
    public static int padTo4(int length) {
        if (length < 0 || length > Integer.MAX_VALUE - 3) {
            throw new IllegalArgumentException("length out of range: " + length);
        }
        return (length + 3) & ~3;
    }

    /** The number of padding bytes (0..3) that follow {@code length} bytes to reach a multiple of 4. */
    public static int padding(int length) {
        return padTo4(length) - length;
    }

    // ---------------------------------------------------------------- internals

    /** Checks room for {@code count} bytes at the position, then moves past them; returns where they start. */
    private static int reserve(ByteBuffer buf, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("negative count: " + count);
        }
        int at = buf.position();
        if (buf.remaining() < count) {
            throw new java.nio.BufferOverflowException();
        }
        buf.position(at + count);
        return at;
    }

    private static int checkU8(int value) {
        if ((value & ~0xFF) != 0) {
            throw new IllegalArgumentException("not an unsigned 8-bit value: " + value);
        }
        return value;
    }

    private static int checkU16(int value) {
        if ((value & ~0xFFFF) != 0) {
            throw new IllegalArgumentException("not an unsigned 16-bit value: " + value);
        }
        return value;
    }

    private static long checkU32(long value) {
        if ((value & ~U32_MAX) != 0) {
            throw new IllegalArgumentException("not an unsigned 32-bit value: " + value);
        }
        return value;
    }
}
