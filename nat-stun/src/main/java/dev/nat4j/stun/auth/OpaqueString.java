package dev.nat4j.stun.auth;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;

/**
 * The PRECIS OpaqueString profile (RFC 8265 §4.2), which RFC 8489 applies to passwords, realms and user names before
 * they are hashed or used as keys.
 *
 * <pre>{@code
 * byte[] key = OpaqueString.prepareUtf8(password);   // throws IllegalArgumentException when not allowed
 * }</pre>
 *
 * <p>Rules, in the order RFC 8264 §7 applies them: every non-ASCII space (general category Zs) becomes U+0020; the
 * string is normalised to NFC; then every code point must be allowed by the FreeformClass (RFC 8264 §4.3) and the
 * result must not be empty. Disallowed: controls, default-ignorable code points (e.g. U+00AD SOFT HYPHEN),
 * noncharacters, unassigned code points (by the running JDK's Unicode version), surrogates, private use, old Hangul
 * jamo, line and paragraph separators, other format characters. Deliberate simplifications: the CONTEXTO exceptions
 * (e.g. U+00B7) are allowed without their context rules, and the CONTEXTJ joiners U+200C/U+200D are rejected.
 *
 * <p>Unlike SASLprep (RFC 4013, used by RFC 5389), OpaqueString neither removes U+00AD nor applies compatibility
 * (NFKC) mapping: {@code "The\u00ADM\u00AAtr\u2168"} is rejected, not turned into {@code "TheMatrIX"}. See
 * {@link SaslPrep} for peers that still use RFC 5389.
 */
public final class OpaqueString {
    private OpaqueString() {}

    /**
     * The enforced form of {@code input}.
     *
     * @throws IllegalArgumentException when the result is empty or holds a code point the profile disallows (the
     *     message names the code point, never the input, which may be a password)
     */
    public static String prepare(String input) {
        StringBuilder mapped = new StringBuilder(input.length());
        input.codePoints().forEach(cp -> mapped.appendCodePoint(
                cp != ' ' && Character.getType(cp) == Character.SPACE_SEPARATOR ? ' ' : cp));
        String normalized = Normalizer.normalize(mapped, Normalizer.Form.NFC);
        if (normalized.isEmpty()) {
            throw new IllegalArgumentException("OpaqueString must not be empty");
        }
        for (int i = 0; i < normalized.length(); ) {
            int cp = normalized.codePointAt(i);
            if (!allowed(cp)) {
                throw new IllegalArgumentException(String.format("U+%04X is not allowed in an OpaqueString", cp));
            }
            i += Character.charCount(cp);
        }
        return normalized;
    }

    /** {@link #prepare(String)} as UTF-8 bytes: the form that is hashed or used as a key. */
    public static byte[] prepareUtf8(String input) {
        return prepare(input).getBytes(StandardCharsets.UTF_8);
    }

    /** True when {@code input} is valid and already in its enforced form. */
    public static boolean isPrepared(String input) {
        try {
            return prepare(input).equals(input);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The FreeformClass verdict for one code point (RFC 8264 §8 derivation, simplified as documented above). */
    static boolean allowed(int cp) {
        switch (cp) {
            // RFC 5892 §2.6 exceptions that are DISALLOWED
            case 0x0640, 0x07FA, 0x302E, 0x302F, 0x3031, 0x3032, 0x3033, 0x3034, 0x3035, 0x303B:
                return false;
            // RFC 5892 §2.6 exceptions that are PVALID
            case 0x00DF, 0x03C2, 0x06FD, 0x06FE, 0x0F0B, 0x3007:
                return true;
            default:
                break;
        }
        if (cp >= 0x21 && cp <= 0x7E) {
            return true;
        }
        if (cp == 0x200C || cp == 0x200D) {
            return false; // CONTEXTJ: not worth the joining-context rules in a password
        }
        if (isOldHangulJamo(cp) || isDefaultIgnorable(cp) || isNoncharacter(cp)) {
            return false;
        }
        return switch (Character.getType(cp)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                    Character.MODIFIER_LETTER, Character.OTHER_LETTER,
                    Character.NON_SPACING_MARK, Character.COMBINING_SPACING_MARK, Character.ENCLOSING_MARK,
                    Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER,
                    Character.SPACE_SEPARATOR,
                    Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL, Character.MODIFIER_SYMBOL,
                    Character.OTHER_SYMBOL,
                    Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                    Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION,
                    Character.FINAL_QUOTE_PUNCTUATION, Character.OTHER_PUNCTUATION -> true;
            // Cc, Cf, Co, Cs, Cn, Zl, Zp
            default -> false;
        };
    }

    private static boolean isOldHangulJamo(int cp) {
        return (cp >= 0x1100 && cp <= 0x11FF) || (cp >= 0xA960 && cp <= 0xA97F) || (cp >= 0xD7B0 && cp <= 0xD7FF);
    }

    /** Unicode's Default_Ignorable_Code_Point property (DerivedCoreProperties.txt); the JDK does not expose it. */
    static boolean isDefaultIgnorable(int cp) {
        return cp == 0x00AD || cp == 0x034F || cp == 0x061C
                || (cp >= 0x115F && cp <= 0x1160)
                || (cp >= 0x17B4 && cp <= 0x17B5)
                || (cp >= 0x180B && cp <= 0x180F)
                || (cp >= 0x200B && cp <= 0x200F)
                || (cp >= 0x202A && cp <= 0x202E)
                || (cp >= 0x2060 && cp <= 0x206F)
                || cp == 0x3164
                || (cp >= 0xFE00 && cp <= 0xFE0F)
                || cp == 0xFEFF || cp == 0xFFA0
                || (cp >= 0xFFF0 && cp <= 0xFFF8)
                || (cp >= 0x1BCA0 && cp <= 0x1BCA3)
                || (cp >= 0x1D173 && cp <= 0x1D17A)
                || (cp >= 0xE0000 && cp <= 0xE0FFF);
    }

    static boolean isNoncharacter(int cp) {
        return (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE;
    }
}
