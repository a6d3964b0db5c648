package dev.nat4j.stun.auth;

/**
 * The short-term credential mechanism (RFC 8489 §9.1): the MESSAGE-INTEGRITY key is the password itself, after
 * {@link OpaqueString} preparation. ICE connectivity checks use it with the peer's ice-pwd (RFC 8445 §7.2.2).
 *
 * <pre>{@code
 * byte[] key = ShortTermCredentials.key(remoteIcePassword);
 * writer.addMessageIntegrity(key).addFingerprint();
 * }</pre>
 */
public final class ShortTermCredentials {
    private ShortTermCredentials() {}

    /**
     * The HMAC key for {@code password}: {@code OpaqueString(password)} in UTF-8 (RFC 8489 §9.1.1).
     *
     * @throws IllegalArgumentException when the password is empty or not a valid OpaqueString
     */
    public static byte[] key(String password) {
        return OpaqueString.prepareUtf8(password);
    }
}
