package dev.nat4j.ice;

import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * An ICE username fragment and password (RFC 8445 §5.3; RFC 8839 §5.4: ufrag at least 4 and pwd at least 22
 * ice-chars, at most 256). Used as short-term credentials on every connectivity check. {@link #toString()} hides the
 * password.
 *
 * <pre>{@code
 * IceCredentials local = IceCredentials.random(new SecureRandom());
 * }</pre>
 *
 * @param ufrag    the username fragment
 * @param password the password
 */
public record IceCredentials(String ufrag, String password) {
    /** Length of a generated ufrag (24 bits of entropy would do; 8 chars give 48). */
    public static final int GENERATED_UFRAG_LENGTH = 8;
    /** Length of a generated password: 24 chars of 64 symbols, 144 bits. */
    public static final int GENERATED_PASSWORD_LENGTH = 24;

    private static final char[] ICE_CHARS =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray();

    public IceCredentials {
        check(ufrag, 4, "ufrag");
        check(password, 22, "password");
    }

    private static void check(String value, int min, String what) {
        Objects.requireNonNull(value, what);
        if (value.length() < min || value.length() > 256) {
            throw new IllegalArgumentException(what + " must have " + min + " to 256 characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+'
                    || c == '/')) {
                throw new IllegalArgumentException(what + " has a character outside ice-char");
            }
        }
    }

    /** Fresh credentials drawn from {@code random} (pass a {@code SecureRandom} outside tests). */
    public static IceCredentials random(RandomGenerator random) {
        return new IceCredentials(draw(random, GENERATED_UFRAG_LENGTH), draw(random, GENERATED_PASSWORD_LENGTH));
    }

    private static String draw(RandomGenerator random, int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = ICE_CHARS[random.nextInt(ICE_CHARS.length)];
        }
        return new String(out);
    }

    @Override
    public String toString() {
        return "IceCredentials[ufrag=" + ufrag + ", password=<hidden>]";
    }
}
