package dev.nat4j.stun.attribute;

import dev.nat4j.stun.AttributeType;
import dev.nat4j.stun.StunAttribute;
import dev.nat4j.stun.StunWriter;

/**
 * CHANNEL-NUMBER (RFC 8656 §18.1): the channel a ChannelBind binds, in the first 16 bits; the other 16 are RFFU.
 *
 * <p>Any 16-bit number decodes, so that a server can answer 400 to a number outside {@link #MIN}..{@link #MAX}
 * rather than failing to parse; {@link #isValid()} tells which.
 *
 * @param number 0..0xFFFF
 */
public record ChannelNumber(int number) implements StunAttribute {
    public static final int CODE = 0x000C;
    /** Lowest channel number a client may bind (RFC 8656 §12). */
    public static final int MIN = 0x4000;
    /** Highest channel number a client may bind (RFC 8656 §12). */
    public static final int MAX = 0x4FFF;
    public static final AttributeType<ChannelNumber> TYPE = new AttributeType<>(CODE, "CHANNEL-NUMBER",
            (m, offset, length) -> {
                Values.requireLength(length, 4, "CHANNEL-NUMBER");
                return new ChannelNumber(m.buffer().getShort(offset) & 0xFFFF);
            });

    public ChannelNumber {
        Values.checkRange(number, 0, 0xFFFF, "CHANNEL-NUMBER");
    }

    /** True when the number is in the range ChannelBind allows, 0x4000..0x4FFF. */
    public boolean isValid() {
        return number >= MIN && number <= MAX;
    }

    @Override
    public int type() {
        return CODE;
    }

    @Override
    public void writeValue(StunWriter writer) {
        writer.putU16(number).putU16(0);
    }

    @Override
    public String toString() {
        return String.format("ChannelNumber[0x%04x]", number);
    }
}
