package dev.nat4j.stun.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 8265 §4.2 OpaqueString, and RFC 4013 SASLprep for contrast. */
class OpaqueStringTest {

    @Test
    void asciiPasswordsAreUnchanged() {
        assertEquals("VOkJxbRl1RmTxUk/WvJxBt", OpaqueString.prepare("VOkJxbRl1RmTxUk/WvJxBt"));
        assertEquals("correct horse battery staple", OpaqueString.prepare("correct horse battery staple"));
        assertArrayEquals("pass word".getBytes(StandardCharsets.UTF_8), ShortTermCredentials.key("pass word"));
    }

    @Test
    void nonAsciiSpacesBecomeSpace() {
        // U+00A0 NO-BREAK SPACE, U+2003 EM SPACE, U+3000 IDEOGRAPHIC SPACE are all Zs
        assertEquals("a b c d", OpaqueString.prepare("a\u00A0b\u2003c\u3000d"));
    }

    @Test
    void normalisesToNfcButNotNfkc() {
        assertEquals("\u00E9", OpaqueString.prepare("e\u0301")); // composed
        assertEquals("\u00AA\u2168", OpaqueString.prepare("\u00AA\u2168")); // no compatibility mapping
        assertEquals("\u00DF", OpaqueString.prepare("\u00DF")); // PVALID exception
        assertTrue(OpaqueString.isPrepared("\u00E9"));
        assertFalse(OpaqueString.isPrepared("e\u0301"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\u0000", "a\u0007b", "tab\there", "line\nbreak", "\u007F", "\u0085",
            "soft\u00ADhyphen", "zero\u200Bwidth", "joiner\u200Dx", "bom\uFEFF", "\uFDD0", "\uFFFF",
            "private\uE000", "lone\uD800surrogate", "line\u2028separator", "\u1100old hangul jamo",
            "format\u0600", "arabic tatweel\u0640"})
    void disallowedInputIsRejected(String input) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OpaqueString.prepare(input));
        assertFalse(!input.isEmpty() && e.getMessage().contains(input), "the message never echoes the input");
    }

    @Test
    void unassignedCodePointsAreRejected() {
        int unassigned = 0x0378; // unassigned in the Greek block for every Unicode version the JDK ships
        assertEquals(Character.UNASSIGNED, Character.getType(unassigned));
        assertThrows(IllegalArgumentException.class,
                () -> OpaqueString.prepare(new String(Character.toChars(unassigned))));
    }

    @Test
    void lettersSymbolsAndPunctuationOfEveryScriptAreAllowed() {
        for (String s : new String[] {"\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9", "\u043F\u0430\u0440\u043E\u043B\u044C",
                "\u05E9\u05DC\u05D5\u05DD", "\uD83D\uDE00 emoji", "\u20AC100!", "\u00BF\u00A1", "\u2168"}) {
            assertEquals(java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFC), OpaqueString.prepare(s));
        }
    }

    @Test
    void saslPrepMapsWhatOpaqueStringRejects() {
        assertEquals("TheMatrIX", SaslPrep.prepare("The\u00ADM\u00AAtr\u2168"));
        assertEquals("a b", SaslPrep.prepare("a\u00A0b"));
        assertEquals("IX", SaslPrep.prepare("\u2168"));
        assertThrows(IllegalArgumentException.class, () -> SaslPrep.prepare("a\u0007"));
        assertThrows(IllegalArgumentException.class, () -> SaslPrep.prepare("\u05E9a")); // mixed bidi
        assertEquals("\u05E9\u05DC", SaslPrep.prepare("\u05E9\u05DC"));
    }
}
