package dev.nat4j.stun;

/**
 * STUN method numbers (12 bits) of RFC 8489 (Binding), RFC 8656 (TURN) and RFC 6062 (TURN TCP relay).
 *
 * <p>Methods are plain {@code int}s so that a method from an extension needs no change here.
 */
public final class StunMethod {
    private StunMethod() {}

    public static final int BINDING = 0x001;
    public static final int ALLOCATE = 0x003;
    public static final int REFRESH = 0x004;
    public static final int SEND = 0x006;
    public static final int DATA = 0x007;
    public static final int CREATE_PERMISSION = 0x008;
    public static final int CHANNEL_BIND = 0x009;
    public static final int CONNECT = 0x00A;
    public static final int CONNECTION_BIND = 0x00B;
    public static final int CONNECTION_ATTEMPT = 0x00C;

    /** The 14-bit message type for a method and class (the class bits are interleaved with the method bits). */
    public static int messageType(int method, MessageClass messageClass) {
        int c = messageClass.bits();
        return (method & 0x000F) | ((method & 0x0070) << 1) | ((method & 0x0F80) << 2)
                | ((c & 0b01) << 4) | ((c & 0b10) << 7);
    }

    /** The 12-bit method of a 14-bit message type. */
    public static int ofType(int messageType) {
        return (messageType & 0x000F) | ((messageType & 0x00E0) >> 1) | ((messageType & 0x3E00) >> 2);
    }

    /** A readable name: {@code Binding}, {@code Allocate}, ... or {@code 0x0ab} for others. */
    public static String name(int method) {
        return switch (method) {
            case BINDING -> "Binding";
            case ALLOCATE -> "Allocate";
            case REFRESH -> "Refresh";
            case SEND -> "Send";
            case DATA -> "Data";
            case CREATE_PERMISSION -> "CreatePermission";
            case CHANNEL_BIND -> "ChannelBind";
            case CONNECT -> "Connect";
            case CONNECTION_BIND -> "ConnectionBind";
            case CONNECTION_ATTEMPT -> "ConnectionAttempt";
            default -> String.format("0x%03x", method);
        };
    }
}
