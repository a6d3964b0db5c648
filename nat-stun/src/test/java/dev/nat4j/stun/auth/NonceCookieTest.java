package dev.nat4j.stun.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import org.junit.jupiter.api.Test;

/** The RFC 8489 §9.2 nonce cookie, with the bit numbering of erratum 6290. */
class NonceCookieTest {

    @Test
    void knownEncodings() {
        assertEquals("obMatJos2AAAB", NonceCookie.cookie(NonceCookie.PASSWORD_ALGORITHMS));
        assertEquals("obMatJos2AAAC", NonceCookie.cookie(NonceCookie.USERNAME_ANONYMITY));
        assertEquals("obMatJos2AAAD",
                NonceCookie.cookie(NonceCookie.PASSWORD_ALGORITHMS | NonceCookie.USERNAME_ANONYMITY));
        assertEquals("obMatJos2AAAA", NonceCookie.cookie(0));
        assertEquals("obMatJos2////", NonceCookie.cookie(0xFFFFFF));
        // RFC 8489 Appendix B.1's nonce: username anonymity (it carries USERHASH)
        assertEquals(NonceCookie.USERNAME_ANONYMITY, NonceCookie.features("obMatJos2AAACf//499k954d6OL34oL9FSTvy64sA"));
    }

    @Test
    void nonceWithoutAWellFormedCookieHasNoFeatures() {
        for (String nonce : new String[] {null, "", "obMatJos2", "obMatJos2AAA", "obMatJos3AAAB", "xobMatJos2AAAB",
                "obMatJos2AA=B", "obMatJos2AA\u00E9B", "f//499k954d6OL34oL9FSTvy64sA"}) {
            assertEquals(-1, NonceCookie.features(nonce), String.valueOf(nonce));
            assertFalse(NonceCookie.hasCookie(nonce));
        }
        assertEquals("plain", NonceCookie.opaquePart("plain"));
        assertEquals("rest", NonceCookie.opaquePart("obMatJos2AAABrest"));
        assertThrows(IllegalArgumentException.class, () -> NonceCookie.cookie(1 << 24));
        assertThrows(IllegalArgumentException.class, () -> NonceCookie.cookie(-1));
    }

    @Property(tries = 2000)
    void encodeThenParseIsIdentity(@ForAll @IntRange(min = 0, max = 0xFFFFFF) int features, @ForAll String opaque) {
        String nonce = NonceCookie.nonce(features, opaque);
        assertTrue(NonceCookie.hasCookie(nonce));
        assertEquals(features, NonceCookie.features(nonce));
        assertEquals(opaque, NonceCookie.opaquePart(nonce));
        assertEquals(NonceCookie.LENGTH, NonceCookie.cookie(features).length());
    }
}
