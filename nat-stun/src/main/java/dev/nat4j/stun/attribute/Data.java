package dev.nat4j.stun.attribute;

import java.nio.ByteBuffer;
import java.util.Arrays;

import dev.nat4j.stun.AttributeType;
import dev.nat4j.stun.StunAttribute;
import dev.nat4j.stun.StunMessage;
import dev.nat4j.stun.StunWriter;

/**
 * DATA (RFC 8656 §18.4): the application payload of a Send or Data indication.
 *
 * <p>The record copies the payload and suits tests and control paths. The relay's hot path reads the payload in place
 * and writes it without a copy:
 *
 * <pre>{@code
 * int at = Data.offset(indication);          // -1 when absent
 * int n = Data.length(indication);
 * channel.send(indication.buffer().slice(at, n), peer);      // or copy into a ChannelData frame
 *
 * writer.addRaw(Data.CODE, payload);          // payload's readable bytes, position untouched
 * }</pre>
 *
 * @param bytes the payload
 */
public record Data(byte[] bytes) implements StunAttribute {
    public static final int CODE = 0x0013;
    public static final AttributeType<Data> TYPE = new AttributeType<>(CODE, "DATA",
            (m, offset, length) -> new Data(Values.bytes(m, offset, length)));

    public Data {
        bytes = bytes.clone();
    }

    /** Absolute offset of the first DATA value in {@code message}'s buffer, or -1 when absent; allocates nothing. */
    public static int offset(StunMessage message) {
        int i = message.indexOf(CODE);
        return i < 0 ? -1 : message.valueOffset(i);
    }

    /** Length of the first DATA value in {@code message}, or -1 when absent; allocates nothing. */
    public static int length(StunMessage message) {
        int i = message.indexOf(CODE);
        return i < 0 ? -1 : message.valueLength(i);
    }

    /**
     * Copies the first DATA value of {@code message} into {@code target} at its position (advancing it).
     *
     * @return the bytes copied, or -1 when the message has no DATA
     * @throws java.nio.BufferOverflowException when {@code target} has too little room
     */
    public static int copyTo(StunMessage message, ByteBuffer target) {
        int i = message.indexOf(CODE);
        if (i < 0) {
            return -1;
        }
        int n = message.valueLength(i);
        if (n > target.remaining()) {
            throw new java.nio.BufferOverflowException();
        }
        target.put(target.position(), message.buffer(), message.valueOffset(i), n);
        target.position(target.position() + n);
        return n;
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public int type() {
        return CODE;
    }

    @Override
    public void writeValue(StunWriter writer) {
        writer.putBytes(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Data other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "Data[" + bytes.length + " bytes]";
    }
}
