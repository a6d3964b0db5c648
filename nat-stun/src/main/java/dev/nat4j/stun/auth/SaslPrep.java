package dev.nat4j.stun.auth;

import java.text.Normalizer;

/**
 * SASLprep (RFC 4013), the string preparation RFC 5389 used for passwords and realms before RFC 8489 replaced it with
 * {@link OpaqueString}. Kept for long-term credentials shared with RFC 5389 peers, and because the RFC 5769 long-term
 * test vector was computed with it.
 *
 * <pre>{@code
 * String prepared = SaslPrep.prepare("The\u00ADM\u00AAtr\u2168");   // "TheMatrIX"
 * }</pre>
 *
 * <p>Steps: non-ASCII spaces become U+0020; the "commonly mapped to nothing" characters (RFC 3454 table B.1, e.g.
 * U+00AD) are removed; NFKC; then the prohibited tables C.1.2 and C.2 to C.9 and the bidi rule (RFC 3454 §6) are
 * enforced. Unassigned code points are not rejected (the "query" behaviour), because the JDK does not carry the
 * Unicode 3.2 tables that the "stored string" check would need.
 */
public final class SaslPrep {
    private SaslPrep() {}

    /**
     * The prepared form of {@code input}.
     *
     * @throws IllegalArgumentException when it holds a prohibited code point or breaks the bidi rule
     */
    public static String prepare(String input) {
        StringBuilder mapped = new StringBuilder(input.length());
        input.codePoints().forEach(cp -> {
            if (mappedToNothing(cp)) {
                return;
            }
            mapped.appendCodePoint(cp != ' ' && Character.getType(cp) == Character.SPACE_SEPARATOR ? ' ' : cp);
        });
        String normalized = Normalizer.normalize(mapped, Normalizer.Form.NFKC);
        boolean randAl = false;
        boolean l = false;
        for (int i = 0; i < normalized.length(); ) {
            int cp = normalized.codePointAt(i);
            if (prohibited(cp)) {
                throw new IllegalArgumentException(String.format("U+%04X is prohibited by SASLprep", cp));
            }
            byte d = Character.getDirectionality(cp);
            randAl |= d == Character.DIRECTIONALITY_RIGHT_TO_LEFT || d == Character.DIRECTIONALITY_RIGHT_TO_LEFT_ARABIC;
            l |= d == Character.DIRECTIONALITY_LEFT_TO_RIGHT;
            i += Character.charCount(cp);
        }
        if (randAl && (l || !isRandAl(normalized.codePointAt(0))
                || !isRandAl(normalized.codePointBefore(normalized.length())))) {
            throw new IllegalArgumentException("SASLprep bidi rule violated");
        }
        return normalized;
    }

    private static boolean isRandAl(int cp) {
        byte d = Character.getDirectionality(cp);
        return d == Character.DIRECTIONALITY_RIGHT_TO_LEFT || d == Character.DIRECTIONALITY_RIGHT_TO_LEFT_ARABIC;
    }

    /** RFC 3454 table B.1. */
    private static boolean mappedToNothing(int cp) {
        return cp == 0x00AD || cp == 0x034F || cp == 0x1806 || (cp >= 0x180B && cp <= 0x180D)
                || (cp >= 0x200B && cp <= 0x200D) || cp == 0x2060 || (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0xFEFF;
    }

    /** RFC 3454 tables C.1.2 and C.2.1 to C.9. */
    private static boolean prohibited(int cp) {
        return (cp != ' ' && Character.getType(cp) == Character.SPACE_SEPARATOR) // C.1.2
                || cp <= 0x1F || cp == 0x7F // C.2.1
                || (cp >= 0x80 && cp <= 0x9F) || cp == 0x06DD || cp == 0x070F || cp == 0x180E // C.2.2
                || cp == 0x200C || cp == 0x200D || cp == 0x2028 || cp == 0x2029
                || (cp >= 0x2060 && cp <= 0x2063) || (cp >= 0x206A && cp <= 0x206F) || cp == 0xFEFF
                || (cp >= 0xFFF9 && cp <= 0xFFFC) || (cp >= 0x1D173 && cp <= 0x1D17A)
                || (cp >= 0xE000 && cp <= 0xF8FF) || (cp >= 0xF0000 && cp <= 0xFFFFD) // C.3
                || (cp >= 0x100000 && cp <= 0x10FFFD)
                || OpaqueString.isNoncharacter(cp) // C.4
                || (cp >= 0xD800 && cp <= 0xDFFF) // C.5
                || (cp >= 0xFFF9 && cp <= 0xFFFD) // C.6
                || (cp >= 0x2FF0 && cp <= 0x2FFB) // C.7
                || cp == 0x0340 || cp == 0x0341 || cp == 0x200E || cp == 0x200F // C.8
                || (cp >= 0x202A && cp <= 0x202E)
                || cp == 0xE0001 || (cp >= 0xE0020 && cp <= 0xE007F); // C.9
    }
}
