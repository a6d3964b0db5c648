package dev.nat4j.turn;

import java.nio.ByteBuffer;

/**
 * TURN ChannelData messages (RFC 8656 §12.4): a 4-byte header (channel number, length) followed by application data,
 * the compact alternative to Send and Data indications once a channel is bound.
 *
 * <p>All methods work on absolute offsets and allocate nothing, because they run once per relayed packet.
 *
 * <pre>{@code
 * if (ChannelData.isChannelData(datagram)) {
 *     int length = ChannelData.validLength(datagram, false);     // -1: malformed, drop it
 *     int channel = ChannelData.channelNumber(datagram);
 * }
 * // peer data -> ChannelData in place: leave HEADER_LENGTH bytes of headroom before the payload
 * ChannelData.writeHeader(buffer, payloadStart - ChannelData.HEADER_LENGTH, channel, payloadLength);
 * }</pre>
 */
public final class ChannelData {
    /** Bytes in the header. */
    public static final int HEADER_LENGTH = 4;
    /** Lowest channel number a client may bind (RFC 8656 §12). */
    public static final int MIN_CHANNEL = 0x4000;
    /** Highest channel number a client may bind (RFC 8656 §12). */
    public static final int MAX_CHANNEL = 0x4FFF;

    private ChannelData() {}

    /**
     * True when the readable bytes start like ChannelData: the first byte is 64..79 (RFC 7983 as updated by
     * RFC 9443 reserves only this range for TURN channels) and a header fits.
     */
    public static boolean isChannelData(ByteBuffer datagram) {
        if (datagram.remaining() < HEADER_LENGTH) {
            return false;
        }
        int first = datagram.get(datagram.position()) & 0xFF;
        return first >= 0x40 && first <= 0x4F;
    }

    /** True when {@code channel} is in the range a ChannelBind may use, 0x4000..0x4FFF. */
    public static boolean isValidChannel(int channel) {
        return channel >= MIN_CHANNEL && channel <= MAX_CHANNEL;
    }

    /** The channel number at the readable start. */
    public static int channelNumber(ByteBuffer datagram) {
        return datagram.getShort(datagram.position()) & 0xFFFF;
    }

    /** The length field at the readable start (the data length, without padding). */
    public static int dataLength(ByteBuffer datagram) {
        return datagram.getShort(datagram.position() + 2) & 0xFFFF;
    }

    /**
     * Validates the framing of the readable bytes and returns the data length, or -1 when the message is malformed
     * and must be dropped.
     *
     * <p>Over UDP the data may be followed by padding or by nothing (RFC 8656 §12.5: padding is optional on UDP, and
     * trailing bytes beyond the data are ignored), so the length field must not exceed what arrived. A stream frame
     * holds exactly the data, with its padding to a multiple of 4 or without it (the NIO driver strips the padding
     * when it frames a stream), and nothing more.
     *
     * @param stream true for a frame cut from a TCP/TLS stream
     */
    public static int validLength(ByteBuffer datagram, boolean stream) {
        if (!isChannelData(datagram)) {
            return -1;
        }
        int length = dataLength(datagram);
        int available = datagram.remaining() - HEADER_LENGTH;
        if (stream) {
            return available == length || available == paddedLength(length) ? length : -1;
        }
        return length <= available ? length : -1;
    }

    /** {@code length} rounded up to a multiple of 4. */
    public static int paddedLength(int length) {
        return (length + 3) & ~3;
    }

    /**
     * Writes a header at absolute {@code offset}: the channel number and {@code dataLength}. The data is expected at
     * {@code offset + HEADER_LENGTH}, so a receive buffer with 4 bytes of headroom turns a peer datagram into
     * ChannelData without a copy.
     */
    public static void writeHeader(ByteBuffer buffer, int offset, int channel, int dataLength) {
        if (dataLength < 0 || dataLength > 0xFFFF) {
            throw new IllegalArgumentException("ChannelData length out of range: " + dataLength);
        }
        buffer.putShort(offset, (short) channel);
        buffer.putShort(offset + 2, (short) dataLength);
    }

    /**
     * Writes zero padding after {@code dataLength} bytes of data that start at absolute {@code dataOffset}, as a
     * stream transport requires; returns the number of padding bytes (0..3).
     */
    public static int writePadding(ByteBuffer buffer, int dataOffset, int dataLength) {
        int pad = paddedLength(dataLength) - dataLength;
        for (int i = 0; i < pad; i++) {
            buffer.put(dataOffset + dataLength + i, (byte) 0);
        }
        return pad;
    }
}
