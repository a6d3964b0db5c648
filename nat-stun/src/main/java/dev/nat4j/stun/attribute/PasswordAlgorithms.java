package dev.nat4j.stun.attribute;

import java.util.ArrayList;
import java.util.List;

import dev.nat4j.stun.AttributeType;
import dev.nat4j.stun.StunAttribute;
import dev.nat4j.stun.StunParseException;
import dev.nat4j.stun.StunWriter;

/**
 * PASSWORD-ALGORITHMS (RFC 8489 §14.11): the algorithms a server offers for the long-term key, in its order of
 * preference; the client echoes the list unchanged so the server can detect a bid-down
 * ({@link dev.nat4j.stun.auth.PasswordAlgorithmNegotiation}). Each entry is laid out as {@link PasswordAlgorithm},
 * its parameters zero-padded to 4 bytes.
 *
 * @param algorithms at least one entry
 */
public record PasswordAlgorithms(List<PasswordAlgorithm> algorithms) implements StunAttribute {
    public static final int CODE = 0x8002;
    public static final AttributeType<PasswordAlgorithms> TYPE = new AttributeType<>(CODE, "PASSWORD-ALGORITHMS",
            (m, offset, length) -> {
                if (length == 0) {
                    throw new StunParseException("PASSWORD-ALGORITHMS is empty");
                }
                List<PasswordAlgorithm> list = new ArrayList<>();
                int at = 0;
                while (at < length) {
                    PasswordAlgorithm a = PasswordAlgorithm.read(m, offset + at, length - at);
                    // the last entry's padding may be left to the attribute's own padding
                    at = Math.min(at + a.paddedSize(), length);
                    list.add(a);
                }
                return new PasswordAlgorithms(list);
            });

    public PasswordAlgorithms {
        algorithms = List.copyOf(algorithms);
        if (algorithms.isEmpty()) {
            throw new IllegalArgumentException("PASSWORD-ALGORITHMS needs at least one algorithm");
        }
        int size = 0;
        for (PasswordAlgorithm a : algorithms) {
            size += a.paddedSize();
        }
        if (size > 0xFFFF) {
            throw new IllegalArgumentException("PASSWORD-ALGORITHMS too long");
        }
    }

    /** The list of parameter-less algorithms, e.g. {@code of(PasswordAlgorithm.SHA256, PasswordAlgorithm.MD5)}. */
    public static PasswordAlgorithms of(int... algorithms) {
        List<PasswordAlgorithm> list = new ArrayList<>(algorithms.length);
        for (int a : algorithms) {
            list.add(PasswordAlgorithm.of(a));
        }
        return new PasswordAlgorithms(list);
    }

    /** True when {@code algorithm} is one of the entries (parameters included). */
    public boolean contains(PasswordAlgorithm algorithm) {
        return algorithms.contains(algorithm);
    }

    @Override
    public int type() {
        return CODE;
    }

    @Override
    public void writeValue(StunWriter writer) {
        for (PasswordAlgorithm a : algorithms) {
            a.write(writer, true);
        }
    }
}
