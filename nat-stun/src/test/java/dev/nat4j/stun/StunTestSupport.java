package dev.nat4j.stun;

import java.nio.ByteBuffer;
import java.util.HexFormat;

/** Small helpers shared by the codec tests: hex literals and one-line message builders. */
public final class StunTestSupport {
    private StunTestSupport() {}

    /** Bytes from hex that may contain spaces and line breaks, as RFCs print it. */
    public static byte[] hex(String text) {
        return HexFormat.of().parseHex(text.replaceAll("\\s+", ""));
    }

    /** A transaction id of 12 bytes all equal to {@code b}. */
    public static TransactionId tx(int b) {
        byte[] id = new byte[TransactionId.LENGTH];
        java.util.Arrays.fill(id, (byte) b);
        return TransactionId.of(id);
    }

    /** A fresh heap buffer large enough for any STUN message. */
    public static ByteBuffer bigBuffer() {
        return ByteBuffer.allocate(StunMessage.HEADER_LENGTH + 0xFFFF + 64);
    }

    /** The readable bytes of {@code b}, without moving it. */
    public static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.get(b.position(), out);
        return out;
    }

    /** A Binding request carrying the given attributes and nothing else. */
    public static byte[] request(StunAttribute... attributes) {
        StunWriter w = new StunWriter(bigBuffer()).start(StunMethod.BINDING, MessageClass.REQUEST, tx(7));
        for (StunAttribute a : attributes) {
            w.add(a);
        }
        return bytes(w.finish());
    }

    /** A Binding request with one attribute of {@code type} holding {@code value} as it is. */
    public static byte[] rawRequest(int type, byte[] value) {
        return bytes(new StunWriter(bigBuffer()).start(StunMethod.BINDING, MessageClass.REQUEST, tx(7))
                .addRaw(type, value).finish());
    }
}
