package dev.nat4j.stun;

/**
 * An attribute value that can write itself into a message being built by a {@link StunWriter}.
 *
 * <pre>{@code
 * writer.add(new XorMappedAddress(clientAddress));
 * }</pre>
 */
public interface StunAttribute {

    /** The 16-bit attribute code. */
    int type();

    /**
     * Writes the value (no attribute header, no padding) with the writer's {@code put*} methods; the writer fills in
     * the header and the zero padding.
     */
    void writeValue(StunWriter writer);
}
