package dev.nat4j.stun.attribute;

import dev.nat4j.stun.AttributeType;
import dev.nat4j.stun.StunAttribute;
import dev.nat4j.stun.StunWriter;

/**
 * DONT-FRAGMENT (RFC 8656 §18.9): asks the server to set the DF bit on relayed packets; it has no value.
 *
 * <pre>{@code
 * writer.add(DontFragment.INSTANCE);
 * }</pre>
 */
public record DontFragment() implements StunAttribute {
    public static final int CODE = 0x001A;
    /** The only value. */
    public static final DontFragment INSTANCE = new DontFragment();
    public static final AttributeType<DontFragment> TYPE = new AttributeType<>(CODE, "DONT-FRAGMENT",
            (m, offset, length) -> {
                Values.requireLength(length, 0, "DONT-FRAGMENT");
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
