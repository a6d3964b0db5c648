package dev.nat4j.stun.attribute;

import dev.nat4j.stun.AttributeType;
import dev.nat4j.stun.StunAttribute;
import dev.nat4j.stun.StunWriter;

/**
 * USE-CANDIDATE (RFC 8445 §7.1.2): the controlling agent nominates the pair of this check; it has no value.
 *
 * <pre>{@code
 * writer.add(UseCandidate.INSTANCE);
 * }</pre>
 */
public record UseCandidate() implements StunAttribute {
    public static final int CODE = 0x0025;
    /** The only value. */
    public static final UseCandidate INSTANCE = new UseCandidate();
    public static final AttributeType<UseCandidate> TYPE = new AttributeType<>(CODE, "USE-CANDIDATE",
            (m, offset, length) -> {
                Values.requireLength(length, 0, "USE-CANDIDATE");
                return INSTANCE;
            });

    @Override
    public int type() {
        return CODE;
    }

    @Override
    public void writeValue(StunWriter writer) {
        // no value: the presence of the attribute is the message
    }
}
