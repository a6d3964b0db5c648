package dev.nat4j.stun.attribute;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;

import dev.nat4j.stun.AttributeType;
import dev.nat4j.stun.StunAttribute;
import dev.nat4j.stun.StunMessage;
import dev.nat4j.stun.StunParseException;
import dev.nat4j.stun.StunWriter;

/**
 * PASSWORD-ALGORITHM (RFC 8489 §14.12): the algorithm a client chose, from the server's PASSWORD-ALGORITHMS, to
 * derive the long-term key. A 16-bit algorithm number, a 16-bit parameters length, then the parameters (none for
 * {@link #MD5} and {@link #SHA256}). Also one entry of {@link PasswordAlgorithms}.
 *
 * @param algorithm  0..0xFFFF: {@link #MD5} or {@link #SHA256} (others are carried as received)
 * @param parameters algorithm parameters, usually empty
 */
public record PasswordAlgorithm(int algorithm, byte[] parameters) implements StunAttribute {
    public static final int CODE = 0x001D;
    /** Algorithm 0x0001: key = MD5(username ":" realm ":" password) (RFC 8489 §18.5). */
    public static final int MD5 = 0x0001;
    /** Algorithm 0x0002: key = SHA-256(username ":" realm ":" password) (RFC 8489 §18.5). */
    public static final int SHA256 = 0x0002;
    public static final AttributeType<PasswordAlgorithm> TYPE = new AttributeType<>(CODE, "PASSWORD-ALGORITHM",
            (m, offset, length) -> {
                PasswordAlgorithm a = read(m, offset, length);
                int used = 4 + a.parameters.length;
                if (length != used && length != ((used + 3) & ~3)) {
                    throw new StunParseException("PASSWORD-ALGORITHM length does not match its parameters");
                }
                return a;
            });

    public PasswordAlgorithm {
        Values.checkRange(algorithm, 0, 0xFFFF, "password algorithm");
        Values.checkRange(parameters.length, 0, 0xFFFF - 4, "password algorithm parameters length");
        parameters = parameters.clone();
    }

    /** An algorithm without parameters. */
    public static PasswordAlgorithm of(int algorithm) {
        return new PasswordAlgorithm(algorithm, new byte[0]);
    }

    /** MD5, without parameters. */
    public static PasswordAlgorithm md5() {
        return of(MD5);
    }

    /** SHA-256, without parameters. */
    public static PasswordAlgorithm sha256() {
        return of(SHA256);
    }

    /** Reads one entry at {@code offset}, of which at most {@code available} bytes belong to it. */
    static PasswordAlgorithm read(StunMessage m, int offset, int available) {
        if (available < 4) {
            throw new StunParseException("password algorithm entry too short");
        }
        ByteBuffer b = m.buffer();
        int algorithm = b.getShort(offset) & 0xFFFF;
        int parametersLength = b.getShort(offset + 2) & 0xFFFF;
        if (parametersLength > available - 4) {
            throw new StunParseException("password algorithm parameters run past the attribute");
        }
        return new PasswordAlgorithm(algorithm, Values.bytes(m, offset + 4, parametersLength));
    }

    /** Bytes this entry takes inside PASSWORD-ALGORITHMS, padding included. */
    int paddedSize() {
        return 4 + ((parameters.length + 3) & ~3);
    }

    /** Writes the entry; with {@code pad}, zero-pads the parameters to 4 bytes as list entries need. */
    void write(StunWriter writer, boolean pad) {
        writer.putU16(algorithm).putU16(parameters.length).putBytes(parameters);
        if (pad) {
            for (int i = parameters.length; (i & 3) != 0; i++) {
                writer.putU8(0);
            }
        }
    }

    @Override
    public byte[] parameters() {
        return parameters.clone();
    }

    @Override
    public int type() {
        return CODE;
    }

    @Override
    public void writeValue(StunWriter writer) {
        write(writer, false); // the attribute's own zero padding aligns it
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PasswordAlgorithm other && algorithm == other.algorithm
                && Arrays.equals(parameters, other.parameters);
    }

    @Override
    public int hashCode() {
        return 31 * algorithm + Arrays.hashCode(parameters);
    }

    @Override
    public String toString() {
        String name = switch (algorithm) {
            case MD5 -> "MD5";
            case SHA256 -> "SHA-256";
            default -> String.format("0x%04x", algorithm);
        };
        return parameters.length == 0 ? "PasswordAlgorithm[" + name + "]"
                : "PasswordAlgorithm[" + name + ", " + HexFormat.of().formatHex(parameters) + "]";
    }
}
