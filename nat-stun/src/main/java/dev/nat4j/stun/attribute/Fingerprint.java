package dev.nat4j.stun.attribute;

import dev.nat4j.stun.AttributeType;
import dev.nat4j.stun.StunAttribute;
import dev.nat4j.stun.StunWriter;

/**
 * FINGERPRINT (RFC 8489 §14.7): CRC-32 of the message up to this attribute, XORed with 0x5354554E; always last.
 *
 * <p>Registered so that it counts as understood; the value is the raw 32 bits. To add a correct one, use
 * {@link StunWriter#addFingerprint()}; to check one, {@link dev.nat4j.stun.auth.IntegrityCodec#verifyFingerprint}.
 *
 * @param crc the 32 bits as sent (a bit pattern, not a number: it may be negative)
 */
public record Fingerprint(int crc) implements StunAttribute {
    public static final int CODE = 0x8028;
    public static final AttributeType<Fingerprint> TYPE = new AttributeType<>(CODE, "FINGERPRINT",
            (m, offset, length) -> {
                Values.requireLength(length, 4, "FINGERPRINT");
                return new Fingerprint(m.buffer().getInt(offset));
            });

    @Override
    public int type() {
        return CODE;
    }

    @Override
    public void writeValue(StunWriter writer) {
        writer.putU32(crc);
    }

    @Override
    public String toString() {
        return String.format("Fingerprint[0x%08x]", crc);
    }
}
