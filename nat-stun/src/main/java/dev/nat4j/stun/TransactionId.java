package dev.nat4j.stun;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The 96-bit STUN transaction id. Ids for new requests come from {@link SecureRandom} (RFC 8489 §5: uniformly and
 * randomly chosen), so responses cannot be forged by guessing.
 *
 * <pre>{@code
 * TransactionId id = TransactionId.random();
 * }</pre>
 */
public final class TransactionId {
    /** Length in bytes. */
    public static final int LENGTH = 12;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] bytes;
    private final int hash;

    private TransactionId(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    /** A fresh id from the shared {@link SecureRandom}. */
    public static TransactionId random() {
        byte[] b = new byte[LENGTH];
        RANDOM.nextBytes(b);
        return new TransactionId(b);
    }

    /** An id holding a copy of {@code bytes} (exactly 12). */
    public static TransactionId of(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("transaction id must be 12 bytes, got " + bytes.length);
        }
        return new TransactionId(bytes.clone());
    }

    /** Reads 12 bytes at {@code offset} (absolute) of {@code buffer}. */
    public static TransactionId read(ByteBuffer buffer, int offset) {
        byte[] b = new byte[LENGTH];
        buffer.get(offset, b);
        return new TransactionId(b);
    }

    /** A copy of the 12 bytes. */
    public byte[] toBytes() {
        return bytes.clone();
    }

    /** Writes the 12 bytes at {@code offset} (absolute) of {@code buffer}. */
    public void write(ByteBuffer buffer, int offset) {
        buffer.put(offset, bytes);
    }

    /** True when the 12 bytes at {@code offset} of {@code buffer} are this id; allocates nothing. */
    public boolean matches(ByteBuffer buffer, int offset) {
        for (int i = 0; i < LENGTH; i++) {
            if (buffer.get(offset + i) != bytes[i]) {
                return false;
            }
        }
        return true;
    }

    /** Byte {@code i} (0..11). */
    public byte byteAt(int i) {
        return bytes[i];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TransactionId other && hash == other.hash && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return HexFormat.of().formatHex(bytes);
    }
}
