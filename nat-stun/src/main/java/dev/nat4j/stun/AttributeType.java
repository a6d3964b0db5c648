package dev.nat4j.stun;

/**
 * The type of a STUN attribute together with the decoder of its value: the key for typed reads from a
 * {@link StunMessage}.
 *
 * <pre>{@code
 * XorMappedAddress mapped = message.get(XorMappedAddress.TYPE);   // null when absent
 * }</pre>
 *
 * <p>Attribute types are an open set: a module adds its own by creating an {@code AttributeType} and registering it
 * in {@link AttributeRegistry} so that it counts as understood.
 *
 * @param <A> the decoded value
 */
public final class AttributeType<A> {

    /** Decodes an attribute value that lies at an absolute offset in the message's buffer. */
    @FunctionalInterface
    public interface Decoder<A> {
        /**
         * @param message     the message (its buffer, and transaction id for XOR forms)
         * @param valueOffset absolute offset of the value in {@link StunMessage#buffer()}
         * @param valueLength length of the value, without padding
         * @throws StunParseException when the value is malformed
         */
        A decode(StunMessage message, int valueOffset, int valueLength);
    }

    private final int code;
    private final String name;
    private final Decoder<A> decoder;

    /** An attribute type with its 16-bit code, its RFC name and its decoder. */
    public AttributeType(int code, String name, Decoder<A> decoder) {
        if (code < 0 || code > 0xFFFF) {
            throw new IllegalArgumentException("attribute code out of range: " + code);
        }
        this.code = code;
        this.name = name;
        this.decoder = decoder;
    }

    /** The 16-bit code. */
    public int code() {
        return code;
    }

    /** The RFC name, e.g. {@code XOR-MAPPED-ADDRESS}. */
    public String name() {
        return name;
    }

    /** True for codes below 0x8000, which an agent must understand or reject (RFC 8489 §14). */
    public boolean isComprehensionRequired() {
        return isComprehensionRequired(code);
    }

    /** True for codes below 0x8000. */
    public static boolean isComprehensionRequired(int code) {
        return code < 0x8000;
    }

    /** Decodes the value at {@code valueOffset}. */
    public A decode(StunMessage message, int valueOffset, int valueLength) {
        return decoder.decode(message, valueOffset, valueLength);
    }

    @Override
    public String toString() {
        return String.format("%s(0x%04x)", name, code);
    }
}
