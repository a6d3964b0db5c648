package dev.nat4j.stun.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import dev.nat4j.stun.attribute.PasswordAlgorithm;

/**
 * The long-term credential mechanism (RFC 8489 §9.2): keys derived from user name, realm and password, and USERHASH.
 *
 * <pre>{@code
 * byte[] key = LongTermCredentials.key(PasswordAlgorithm.SHA256, "alice", "example.org", password);
 * writer.add(new Username("alice")).add(new Realm("example.org")).add(new Nonce(nonce))
 *       .addMessageIntegritySha256(key);
 * }</pre>
 *
 * <p>Servers should derive keys once and keep them rather than the passwords; compare received values with
 * {@link MessageDigest#isEqual(byte[], byte[])} only.
 */
public final class LongTermCredentials {
    private LongTermCredentials() {}

    /**
     * The key for {@code algorithm} (RFC 8489 §18.5.1): {@code MD5} or {@code SHA-256} of
     * {@code username ":" OpaqueString(realm) ":" OpaqueString(password)}, 16 or 32 bytes.
     *
     * @param algorithm {@link PasswordAlgorithm#MD5} or {@link PasswordAlgorithm#SHA256}
     * @param username  the user name exactly as sent in USERNAME (already OpaqueString-processed by the client)
     * @throws IllegalArgumentException for another algorithm, or a realm or password that is not a valid OpaqueString
     */
    public static byte[] key(int algorithm, String username, String realm, String password) {
        return digest(digestName(algorithm), username + ":" + OpaqueString.prepare(realm) + ":"
                + OpaqueString.prepare(password));
    }

    /** {@link #key} with MD5: the key of MESSAGE-INTEGRITY when no PASSWORD-ALGORITHM was negotiated. */
    public static byte[] md5Key(String username, String realm, String password) {
        return key(PasswordAlgorithm.MD5, username, realm, password);
    }

    /**
     * The RFC 5389 key, {@code MD5(username ":" SASLprep(realm) ":" SASLprep(password))}, for peers that predate
     * RFC 8489. Equal to {@link #md5Key} whenever the realm and password are plain ASCII.
     */
    public static byte[] legacyKey(String username, String realm, String password) {
        return digest("MD5", username + ":" + SaslPrep.prepare(realm) + ":" + SaslPrep.prepare(password));
    }

    /**
     * The USERHASH value (RFC 8489 §14.4): {@code SHA-256(OpaqueString(username) ":" OpaqueString(realm))}.
     *
     * @throws IllegalArgumentException when user name or realm is not a valid OpaqueString
     */
    public static byte[] userhash(String username, String realm) {
        return digest("SHA-256", OpaqueString.prepare(username) + ":" + OpaqueString.prepare(realm));
    }

    /** True when {@code algorithm} is one this class derives keys for. */
    public static boolean isSupported(int algorithm) {
        return algorithm == PasswordAlgorithm.MD5 || algorithm == PasswordAlgorithm.SHA256;
    }

    private static String digestName(int algorithm) {
        return switch (algorithm) {
            case PasswordAlgorithm.MD5 -> "MD5";
            case PasswordAlgorithm.SHA256 -> "SHA-256";
            default -> throw new IllegalArgumentException(String.format("unsupported password algorithm 0x%04x",
                    algorithm));
        };
    }

    private static byte[] digest(String algorithm, String input) {
        try {
            return MessageDigest.getInstance(algorithm).digest(input.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is required by every Java platform", e);
        }
    }
}
