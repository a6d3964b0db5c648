package dev.nat4j.stun.auth;

import java.util.Base64;

/**
 * The nonce cookie of RFC 8489 §9.2: a NONCE that starts with {@code "obMatJos2"} followed by four base64 characters
 * encoding the 24-bit STUN Security Feature set tells the client which features the server supports, and lets the
 * server detect a bid-down of them (the client echoes the nonce).
 *
 * <pre>{@code
 * String nonce = NonceCookie.nonce(NonceCookie.PASSWORD_ALGORITHMS, opaquePart);   // server
 * int features = NonceCookie.features(nonce);                                       // client: -1 when none
 * boolean offered = features >= 0 && (features & NonceCookie.PASSWORD_ALGORITHMS) != 0;
 * }</pre>
 *
 * <p>Bit numbering follows RFC 8489 erratum 6290: bit 0 is the least significant bit of the 24, so "password
 * algorithms" alone encodes as {@code "AAAB"} and "username anonymity" alone as {@code "AAAC"} (as in the nonce of
 * RFC 8489 Appendix B.1). Some implementations read the RFC's original prose the other way round ({@code "gAAA"});
 * their features parse here as high bits with no meaning, which is the safe reading.
 */
public final class NonceCookie {
    /** The fixed prefix. */
    public static final String PREFIX = "obMatJos2";
    /** Prefix plus the encoded feature set. */
    public static final int LENGTH = PREFIX.length() + 4;
    /** Security feature bit 0: password algorithms (PASSWORD-ALGORITHMS / PASSWORD-ALGORITHM). */
    public static final int PASSWORD_ALGORITHMS = 1;
    /** Security feature bit 1: username anonymity (USERHASH). */
    public static final int USERNAME_ANONYMITY = 1 << 1;

    private NonceCookie() {}

    /** The 13-character cookie for a 24-bit feature set. */
    public static String cookie(int features) {
        if (features < 0 || features > 0xFF_FFFF) {
            throw new IllegalArgumentException("security features are 24 bits");
        }
        byte[] raw = {(byte) (features >>> 16), (byte) (features >>> 8), (byte) features};
        return PREFIX + Base64.getEncoder().encodeToString(raw);
    }

    /** A nonce: the cookie for {@code features} followed by {@code opaque} (the server's own nonce material). */
    public static String nonce(int features, String opaque) {
        return cookie(features) + opaque;
    }

    /** True when {@code nonce} starts with a well-formed cookie. */
    public static boolean hasCookie(String nonce) {
        return features(nonce) >= 0;
    }

    /** The 24-bit feature set of {@code nonce}, or -1 when it has no well-formed cookie. */
    public static int features(String nonce) {
        if (nonce == null || nonce.length() < LENGTH || !nonce.startsWith(PREFIX)) {
            return -1;
        }
        int bits = 0;
        for (int i = PREFIX.length(); i < LENGTH; i++) {
            int sextet = sextet(nonce.charAt(i));
            if (sextet < 0) {
                return -1;
            }
            bits = (bits << 6) | sextet;
        }
        return bits;
    }

    /** The part of {@code nonce} after its cookie, or the whole nonce when it has none. */
    public static String opaquePart(String nonce) {
        return hasCookie(nonce) ? nonce.substring(LENGTH) : nonce;
    }

    private static int sextet(char c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        }
        return c == '+' ? 62 : c == '/' ? 63 : -1;
    }
}
