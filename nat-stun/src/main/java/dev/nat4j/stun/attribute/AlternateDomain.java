package dev.nat4j.stun.attribute;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import dev.nat4j.stun.AttributeType;
import dev.nat4j.stun.StunAttribute;
import dev.nat4j.stun.StunParseException;
import dev.nat4j.stun.StunWriter;

/**
 * ALTERNATE-DOMAIN (RFC 8489 §14.16): the DNS name that a (D)TLS client verifies the ALTERNATE-SERVER against; a DNS
 * name (A-labels for internationalised names) of 1..255 printable ASCII characters.
 *
 * @param domain the name
 */
public record AlternateDomain(String domain) implements StunAttribute {
    public static final int CODE = 0x8003;
    /** Longest name allowed. */
    public static final int MAX_LENGTH = 255;
    public static final AttributeType<AlternateDomain> TYPE = new AttributeType<>(CODE, "ALTERNATE-DOMAIN",
            (m, offset, length) -> {
                if (length < 1 || length > MAX_LENGTH) {
                    throw new StunParseException("ALTERNATE-DOMAIN must be 1..255 bytes");
                }
                ByteBuffer b = m.buffer();
                for (int i = 0; i < length; i++) {
                    if (!printableAscii(b.get(offset + i))) {
                        throw new StunParseException("ALTERNATE-DOMAIN is not printable ASCII");
                    }
                }
                return new AlternateDomain(new String(Values.bytes(m, offset, length), StandardCharsets.US_ASCII));
            });

    public AlternateDomain {
        if (domain.isEmpty() || domain.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("ALTERNATE-DOMAIN must be 1..255 characters");
        }
        for (int i = 0; i < domain.length(); i++) {
            char c = domain.charAt(i);
            if (c > 0x7F || !printableAscii((byte) c)) {
                throw new IllegalArgumentException("ALTERNATE-DOMAIN must be printable ASCII (use A-labels)");
            }
        }
    }

    private static boolean printableAscii(byte b) {
        return b >= 0x21 && b <= 0x7E;
    }

    @Override
    public int type() {
        return CODE;
    }

    @Override
    public void writeValue(StunWriter writer) {
        writer.putBytes(domain.getBytes(StandardCharsets.US_ASCII));
    }
}
