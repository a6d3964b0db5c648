package dev.nat4j.turn.server;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Objects;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.nat4j.stun.auth.LongTermCredentials;
import dev.nat4j.turn.spi.AuthHandler;

/**
 * Time-limited credentials derived from a shared secret, compatible with coturn's {@code use-auth-secret} /
 * {@code static-auth-secret} ("TURN REST API"): the user name is {@code EXPIRY:NAME} with {@code EXPIRY} a Unix time
 * in seconds, and the password is {@code base64(HMAC-SHA1(secret, username))}. A web back-end hands these out; the
 * server needs no user list.
 *
 * <p>Expired, malformed, negative or overflowing timestamps make the user unknown (401), never an exception.
 *
 * <pre>{@code
 * AuthHandler auth = new SharedSecretAuth("example.org", "north-secret");
 * String user = (System.currentTimeMillis() / 1000 + 3600) + ":alice";
 * String password = SharedSecretAuth.password("north-secret", user);
 * }</pre>
 */
public final class SharedSecretAuth implements AuthHandler {
    /** Digits in the largest timestamp accepted; more is treated as malformed. */
    private static final int MAX_DIGITS = 18;

    private final String realm;
    private final byte[] secret;

    /** Credentials for {@code realm} derived from {@code secret}. */
    public SharedSecretAuth(String realm, String secret) {
        this.realm = Objects.requireNonNull(realm, "realm");
        Objects.requireNonNull(secret, "secret");
        if (secret.isEmpty()) {
            throw new IllegalArgumentException("empty shared secret");
        }
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    /** The password a back-end hands out with {@code username}: base64(HMAC-SHA1(secret, username)). */
    public static String password(String secret, String username) {
        return Base64.getEncoder().encodeToString(hmacSha1(secret.getBytes(StandardCharsets.UTF_8),
                username.getBytes(StandardCharsets.UTF_8)));
    }

    /** The expiry (Unix seconds) of {@code username}, or -1 when it is not of the form {@code DIGITS:NAME}. */
    static long expiry(String username) {
        if (username == null) {
            return -1;
        }
        int colon = username.indexOf(':');
        if (colon <= 0 || colon > MAX_DIGITS) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < colon; i++) {
            char c = username.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    @Override
    public byte[] key(String username, String realm, int passwordAlgorithm, long unixSeconds) {
        if (!this.realm.equals(realm) || !LongTermCredentials.isSupported(passwordAlgorithm)) {
            return null;
        }
        long expiry = expiry(username);
        if (expiry < 0 || expiry <= unixSeconds) {
            return null;
        }
        String password = Base64.getEncoder().encodeToString(hmacSha1(secret,
                username.getBytes(StandardCharsets.UTF_8)));
        try {
            return LongTermCredentials.key(passwordAlgorithm, username, realm, password);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static byte[] hmacSha1(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is required by every Java platform", e);
        }
    }

    @Override
    public String toString() {
        return "SharedSecretAuth[realm=" + realm + "]"; // never the secret
    }
}
