package dev.nat4j.stun.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import org.junit.jupiter.api.Test;

import dev.nat4j.stun.attribute.PasswordAlgorithm;

/** Long-term keys (RFC 8489 §9.2.2, §18.5.1) and USERHASH (§14.4) against digests computed independently here. */
class LongTermCredentialsTest {

    private static byte[] digest(String algorithm, String input) throws Exception {
        return MessageDigest.getInstance(algorithm).digest(input.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void md5AndSha256KeysFollowTheFormula() throws Exception {
        assertArrayEquals(digest("MD5", "user:realm:pass"),
                LongTermCredentials.key(PasswordAlgorithm.MD5, "user", "realm", "pass"));
        assertArrayEquals(digest("SHA-256", "user:realm:pass"),
                LongTermCredentials.key(PasswordAlgorithm.SHA256, "user", "realm", "pass"));
        assertEquals(16, LongTermCredentials.md5Key("u", "r", "p").length);
        assertEquals(32, LongTermCredentials.key(PasswordAlgorithm.SHA256, "u", "r", "p").length);
    }

    @Test
    void realmAndPasswordArePreparedButTheUserNameIsTakenAsSent() throws Exception {
        // NBSP in the user name stays; NBSP in the password becomes a space; the realm is composed to NFC
        assertArrayEquals(digest("MD5", "u\u00A0x:r\u00E9alm:p w"),
                LongTermCredentials.md5Key("u\u00A0x", "re\u0301alm", "p\u00A0w"));
    }

    @Test
    void unknownAlgorithmsAndBadPasswordsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> LongTermCredentials.key(0, "u", "r", "p"));
        assertThrows(IllegalArgumentException.class, () -> LongTermCredentials.key(3, "u", "r", "p"));
        assertThrows(IllegalArgumentException.class, () -> LongTermCredentials.md5Key("u", "r", ""));
        assertThrows(IllegalArgumentException.class, () -> LongTermCredentials.md5Key("u", "r", "a\u0000"));
        assertTrue(LongTermCredentials.isSupported(PasswordAlgorithm.MD5));
        assertTrue(LongTermCredentials.isSupported(PasswordAlgorithm.SHA256));
        assertFalse(LongTermCredentials.isSupported(0));
    }

    @Test
    void userhashIsSha256OfPreparedUserAndRealm() throws Exception {
        assertArrayEquals(digest("SHA-256", "alice:example.org"), LongTermCredentials.userhash("alice", "example.org"));
        assertArrayEquals(digest("SHA-256", "a b:example.org"), LongTermCredentials.userhash("a\u3000b", "example.org"));
        assertEquals(32, LongTermCredentials.userhash("x", "y").length);
    }

    @Test
    void legacyKeyEqualsTheModernOneForAscii() {
        assertArrayEquals(LongTermCredentials.md5Key("user", "realm", "pass"),
                LongTermCredentials.legacyKey("user", "realm", "pass"));
    }
}
