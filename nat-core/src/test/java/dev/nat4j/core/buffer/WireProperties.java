package dev.nat4j.core.buffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class WireProperties {

    @Property
    void u16RoundTripsAtAnyOffsetAndByteOrder(@ForAll @IntRange(min = 0, max = 0xFFFF) int value,
                                              @ForAll @IntRange(min = 0, max = 6) int index,
                                              @ForAll boolean littleEndian) {
        ByteBuffer buf = ByteBuffer.allocate(8).order(littleEndian ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        Wire.putU16(buf, index, value);
        assertEquals(value, Wire.u16(buf, index));
        // Network order whatever the buffer's order says.
        assertEquals(value >>> 8, buf.get(index) & 0xFF);
        assertEquals(value & 0xFF, buf.get(index + 1) & 0xFF);
        assertEquals(0, buf.position());
    }

    @Property
    void u32RoundTripsAtAnyOffsetAndByteOrder(@ForAll @LongRange(min = 0, max = 0xFFFF_FFFFL) long value,
                                              @ForAll @IntRange(min = 0, max = 4) int index,
                                              @ForAll boolean littleEndian) {
        ByteBuffer buf = ByteBuffer.allocate(8).order(littleEndian ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        Wire.putU32(buf, index, value);
        assertEquals(value, Wire.u32(buf, index));
        assertEquals((int) (value >>> 24), buf.get(index) & 0xFF);
        assertEquals((int) (value & 0xFF), buf.get(index + 3) & 0xFF);
    }

    @Property
    void u8RoundTrips(@ForAll @IntRange(min = 0, max = 0xFF) int value) {
        ByteBuffer buf = ByteBuffer.allocate(1);
        Wire.putU8(buf, 0, value);
        assertEquals(value, Wire.u8(buf, 0));
    }

    @Property
    void relativePutsAndGetsAgree(@ForAll @IntRange(min = 0, max = 0xFF) int a,
                                  @ForAll @IntRange(min = 0, max = 0xFFFF) int b,
                                  @ForAll @LongRange(min = 0, max = 0xFFFF_FFFFL) long c) {
        ByteBuffer buf = ByteBuffer.allocate(7);
        Wire.putU8(buf, a);
        Wire.putU16(buf, b);
        Wire.putU32(buf, c);
        assertEquals(7, buf.position());
        buf.flip();
        assertEquals(a, Wire.getU8(buf));
        assertEquals(b, Wire.getU16(buf));
        assertEquals(c, Wire.getU32(buf));
        assertEquals(0, buf.remaining());
    }

    @Example
    void sixteenBitEdgesComeOutPositive() {
        for (int v : new int[] {0, 0x7FFF, 0x8000, 0xFFFF}) {
            ByteBuffer buf = ByteBuffer.allocate(2);
            Wire.putU16(buf, 0, v);
            assertEquals(v, Wire.u16(buf, 0), "value " + Integer.toHexString(v));
        }
        assertEquals(0xFFFF, Wire.u16(ByteBuffer.wrap(new byte[] {(byte) 0xFF, (byte) 0xFF}), 0));
        assertEquals(0x8000, Wire.u16(ByteBuffer.wrap(new byte[] {(byte) 0x80, 0}), 0));
    }

    @Example
    void thirtyTwoBitEdgesComeOutPositive() {
        for (long v : new long[] {0, 0x7FFF, 0x8000, 0xFFFF, 0x8000_0000L, 0xFFFF_FFFFL}) {
            ByteBuffer buf = ByteBuffer.allocate(4);
            Wire.putU32(buf, 0, v);
            assertEquals(v, Wire.u32(buf, 0), "value " + Long.toHexString(v));
        }
        byte[] ones = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
        assertEquals(0xFFFF_FFFFL, Wire.u32(ByteBuffer.wrap(ones), 0));
        assertEquals(0x8000_0000L, Wire.u32(ByteBuffer.wrap(new byte[] {(byte) 0x80, 0, 0, 0}), 0));
    }

    @Property
    void outOfRangeValuesAreRefusedWithoutMovingThePosition(@ForAll int anyInt, @ForAll long anyLong) {
        ByteBuffer buf = ByteBuffer.allocate(8);
        buf.position(1);
        if (anyInt < 0 || anyInt > 0xFFFF) {
            assertThrows(IllegalArgumentException.class, () -> Wire.putU16(buf, anyInt));
            assertThrows(IllegalArgumentException.class, () -> Wire.putU16(buf, 0, anyInt));
        }
        if (anyInt < 0 || anyInt > 0xFF) {
            assertThrows(IllegalArgumentException.class, () -> Wire.putU8(buf, anyInt));
        }
        if (anyLong < 0 || anyLong > 0xFFFF_FFFFL) {
            assertThrows(IllegalArgumentException.class, () -> Wire.putU32(buf, anyLong));
        }
        assertEquals(1, buf.position());
    }

    @Example
    void edgeRejectionsAreExact() {
        ByteBuffer buf = ByteBuffer.allocate(8);
        assertThrows(IllegalArgumentException.class, () -> Wire.putU16(buf, 0x1_0000));
        assertThrows(IllegalArgumentException.class, () -> Wire.putU16(buf, -1));
        assertThrows(IllegalArgumentException.class, () -> Wire.putU32(buf, 0x1_0000_0000L));
        assertThrows(IllegalArgumentException.class, () -> Wire.putU32(buf, -1L));
        assertThrows(IllegalArgumentException.class, () -> Wire.putU8(buf, 256));
        assertEquals(0, buf.position());
        ByteBuffer tiny = ByteBuffer.allocate(3);
        assertThrows(BufferOverflowException.class, () -> Wire.putU32(tiny, 1));
        assertEquals(0, tiny.position());
    }

    @Property
    void padTo4IsTheNextMultipleOfFour(@ForAll @IntRange(min = 0, max = Integer.MAX_VALUE - 3) int length) {
        int padded = Wire.padTo4(length);
        assertEquals(0, padded % 4);
        assertTrue(padded >= length && padded - length < 4);
        assertEquals(padded - length, Wire.padding(length));
    }

    @Example
    void padToFourExamples() {
        assertEquals(0, Wire.padTo4(0));
        assertEquals(4, Wire.padTo4(1));
        assertEquals(4, Wire.padTo4(4));
        assertEquals(8, Wire.padTo4(5));
        assertEquals(0x1_0000, Wire.padTo4(0xFFFF));
        assertEquals(3, Wire.padding(5));
        assertThrows(IllegalArgumentException.class, () -> Wire.padTo4(-1));
    }

    @Property
    void zeroPaddingOverwritesStaleBytes(@ForAll @IntRange(min = 0, max = 64) int valueLength) {
        // Reused buffers hold stale bytes (CVE-2020-4067): padding must be written, not assumed.
        ByteBuffer buf = ByteBuffer.allocate(80);
        Arrays.fill(buf.array(), (byte) 0xAA);
        buf.position(valueLength);
        int pad = Wire.padding(valueLength);
        Wire.putZeros(buf, pad);
        assertEquals(Wire.padTo4(valueLength), buf.position());
        for (int i = valueLength; i < buf.position(); i++) {
            assertEquals(0, buf.get(i));
        }
        if (buf.position() < buf.capacity()) {
            assertEquals((byte) 0xAA, buf.get(buf.position()), "wrote past the padding");
        }
    }

    @Example
    void absoluteZerosLeaveThePositionAndCheckBounds() {
        ByteBuffer buf = ByteBuffer.allocate(8);
        Arrays.fill(buf.array(), (byte) 0xAA);
        buf.position(2);
        Wire.putZeros(buf, 4, 3);
        assertEquals(2, buf.position());
        assertEquals((byte) 0xAA, buf.get(3));
        assertEquals(0, buf.get(4));
        assertEquals(0, buf.get(6));
        assertEquals((byte) 0xAA, buf.get(7));
        assertThrows(IndexOutOfBoundsException.class, () -> Wire.putZeros(buf, 6, 3));
    }
}
