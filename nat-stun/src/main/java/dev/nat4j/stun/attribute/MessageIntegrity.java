package dev.nat4j.stun.attribute;

import java.util.Arrays;
import java.util.HexFormat;

import dev.nat4j.stun.AttributeType;
import dev.nat4j.stun.StunAttribute;
import dev.nat4j.stun.StunWriter;

/**
 * MESSAGE-INTEGRITY (RFC 8489 §14.5): HMAC-SHA1 of the message up to this attribute, 20 bytes.
 *
 * <p>Registered so that it counts as understood; the value is the raw MAC. To protect a message, use
 * {@link StunWriter#addMessageIntegrity(byte[])}, which computes the MAC in place; to check one, use
 * {@link dev.nat4j.stun.auth.IntegrityCodec#verifyIntegrity}. Adding this record writes the given bytes as they are.
 *
 * @param mac the 20 MAC bytes
 */
public record MessageIntegrity(byte[] mac) implements StunAttribute {
    public static final int CODE = 0x0008;
    /** Length of the value. */
    public static final int LENGTH = 20;
    public static final AttributeType<MessageIntegrity> TYPE = new AttributeType<>(CODE, "MESSAGE-INTEGRITY",
            (m, offset, length) -> {
                Values.requireLength(length, LENGTH, "MESSAGE-INTEGRITY");
                return new MessageIntegrity(Values.bytes(m, offset, length));
            });

    public MessageIntegrity {
        if (mac.length != LENGTH) {
            throw new IllegalArgumentException("MESSAGE-INTEGRITY must be 20 bytes");
        }
        mac = mac.clone();
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
        return o instanceof MessageIntegrity other && Arrays.equals(mac, other.mac);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(mac);
    }

    @Override
    public String toString() {
        return "MessageIntegrity[" + HexFormat.of().formatHex(mac) + "]";
    }

}
