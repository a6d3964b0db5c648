package dev.nat4j.stun.attribute;

import java.util.Arrays;
import java.util.HexFormat;

import dev.nat4j.stun.AttributeType;
import dev.nat4j.stun.StunAttribute;
import dev.nat4j.stun.StunParseException;
import dev.nat4j.stun.StunWriter;

/**
 * MESSAGE-INTEGRITY-SHA256 (RFC 8489 §14.6): HMAC-SHA256 of the message up to this attribute, possibly truncated to
 * 16..32 bytes in steps of 4.
 *
 * <p>Registered so that it counts as understood; the value is the raw MAC. To protect a message, use
 * {@link StunWriter#addMessageIntegritySha256(byte[])}; to check one, use
 * {@link dev.nat4j.stun.auth.IntegrityCodec#verifyIntegritySha256}.
 *
 * @param mac 16..32 MAC bytes, a multiple of 4
 */
public record MessageIntegritySha256(byte[] mac) implements StunAttribute {
    public static final int CODE = 0x001C;
    /** Shortest allowed value. */
    public static final int MIN_LENGTH = 16;
    /** Full length of the value. */
    public static final int MAX_LENGTH = 32;
    public static final AttributeType<MessageIntegritySha256> TYPE = new AttributeType<>(CODE,
            "MESSAGE-INTEGRITY-SHA256", (m, offset, length) -> {
                if (!validLength(length)) {
                    throw new StunParseException("MESSAGE-INTEGRITY-SHA256 must be 16..32 bytes in steps of 4");
                }
                return new MessageIntegritySha256(Values.bytes(m, offset, length));
            });

    public MessageIntegritySha256 {
        if (!validLength(mac.length)) {
            throw new IllegalArgumentException("MESSAGE-INTEGRITY-SHA256 must be 16..32 bytes in steps of 4");
        }
        mac = mac.clone();
    }

    /** True for the lengths RFC 8489 §14.6 allows. */
    public static boolean validLength(int length) {
        return length >= MIN_LENGTH && length <= MAX_LENGTH && (length & 3) == 0;
    }

    @Override
    public byte[] mac() {
        return mac.clone();
    }

    @Override
    public int type() {
        return CODE;
    }

    @Override
    public void writeValue(StunWriter writer) {
        writer.putBytes(mac);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MessageIntegritySha256 other && Arrays.equals(mac, other.mac);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(mac);
    }

    @Override
    public String toString() {
        return "MessageIntegritySha256[" + HexFormat.of().formatHex(mac) + "]";
    }
}
