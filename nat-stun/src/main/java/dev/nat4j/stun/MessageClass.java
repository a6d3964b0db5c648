package dev.nat4j.stun;

/** The class of a STUN message (RFC 8489 §5): the two C bits of the message type. */
public enum MessageClass {
    REQUEST(0b00),
    INDICATION(0b01),
    SUCCESS_RESPONSE(0b10),
    ERROR_RESPONSE(0b11);

    private static final MessageClass[] BY_BITS = values();

    private final int bits;

    MessageClass(int bits) {
        this.bits = bits;
    }

    /** The two class bits, C1 C0, as 0..3. */
    public int bits() {
        return bits;
    }

    /** True for success and error responses. */
    public boolean isResponse() {
        return this == SUCCESS_RESPONSE || this == ERROR_RESPONSE;
    }

    /** The class of a 14-bit message type. */
    public static MessageClass ofType(int messageType) {
        return BY_BITS[((messageType >> 7) & 0b10) | ((messageType >> 4) & 0b01)];
    }
}
