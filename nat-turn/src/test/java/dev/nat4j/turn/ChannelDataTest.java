package dev.nat4j.turn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class ChannelDataTest {

    private static ByteBuffer frame(int channel, int lengthField, int bytesAfterHeader) {
        ByteBuffer b = ByteBuffer.allocate(ChannelData.HEADER_LENGTH + bytesAfterHeader);
        b.putShort(0, (short) channel).putShort(2, (short) lengthField);
        return b;
    }

    @Test
    void udpAcceptsExactAndPaddedAndRejectsShort() {
        assertEquals(5, ChannelData.validLength(frame(0x4000, 5, 5), false));
        assertEquals(5, ChannelData.validLength(frame(0x4000, 5, 8), false));
        assertEquals(-1, ChannelData.validLength(frame(0x4000, 6, 5), false), "length beyond the datagram");
        assertEquals(0, ChannelData.validLength(frame(0x4FFF, 0, 0), false));
    }

    @Test
    void streamFramesHoldExactlyTheDataWithOrWithoutPadding() {
        assertEquals(5, ChannelData.validLength(frame(0x4000, 5, 8), true));
        assertEquals(5, ChannelData.validLength(frame(0x4000, 5, 5), true), "padding stripped by the driver");
        assertEquals(-1, ChannelData.validLength(frame(0x4000, 5, 6), true), "neither padded nor exact");
        assertEquals(-1, ChannelData.validLength(frame(0x4000, 5, 12), true), "a second frame's bytes");
        assertEquals(-1, ChannelData.validLength(frame(0x4000, 6, 5), true));
    }

    @Test
    void firstByteRangeIsTheRfc9443One() {
        assertTrue(ChannelData.isChannelData(frame(0x4000, 0, 0)));
        assertTrue(ChannelData.isChannelData(frame(0x4FFF, 0, 0)));
        assertFalse(ChannelData.isChannelData(frame(0x3FFF, 0, 0)));
        assertFalse(ChannelData.isChannelData(frame(0x5000, 0, 0)), "0x5000-0x7FFF is no longer TURN's");
        assertFalse(ChannelData.isChannelData(ByteBuffer.allocate(3).put(0, (byte) 0x40)), "shorter than a header");
    }

    @Test
    void channelRangeForBinding() {
        assertFalse(ChannelData.isValidChannel(0x3FFF));
        assertTrue(ChannelData.isValidChannel(0x4000));
        assertTrue(ChannelData.isValidChannel(0x4FFF));
        assertFalse(ChannelData.isValidChannel(0x5000));
        assertFalse(ChannelData.isValidChannel(0x7FFF));
        assertFalse(ChannelData.isValidChannel(0xFFFF));
    }

    @Test
    void headerWrittenInPlaceBeforeThePayloadWithZeroPadding() {
        ByteBuffer b = ByteBuffer.allocate(16);
        Arrays.fill(b.array(), (byte) 0xAA);
        b.put(4, new byte[] {1, 2, 3, 4, 5});
        ChannelData.writeHeader(b, 0, 0x4001, 5);
        assertEquals(3, ChannelData.writePadding(b, 4, 5));
        b.limit(12);
        assertEquals(0x4001, ChannelData.channelNumber(b));
        assertEquals(5, ChannelData.validLength(b, true));
        assertEquals(0, b.get(9));
        assertEquals(0, b.get(11));
    }

    @Property
    void anyBytesGiveALengthOrMinusOneAndNeverThrow(@ForAll @Size(max = 80) byte[] bytes, @ForAll boolean stream) {
        int length = ChannelData.validLength(ByteBuffer.wrap(bytes), stream);
        assertTrue(length == -1 || length <= bytes.length - ChannelData.HEADER_LENGTH);
    }

    @Property
    void unsignedLengthsRoundTrip(@ForAll @IntRange(min = 0, max = 0xFFFF) int length,
            @ForAll @IntRange(min = 0x4000, max = 0x4FFF) int channel) {
        ByteBuffer b = ByteBuffer.allocate(ChannelData.HEADER_LENGTH + ChannelData.paddedLength(length));
        ChannelData.writeHeader(b, 0, channel, length);
        assertEquals(channel, ChannelData.channelNumber(b));
        assertEquals(length, ChannelData.dataLength(b));
        assertEquals(length, ChannelData.validLength(b, true));
    }
}
