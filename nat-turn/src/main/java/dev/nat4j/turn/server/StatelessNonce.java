package dev.nat4j.turn.server;

import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.nat4j.stun.auth.NonceCookie;

/**
 * Nonces that need no server state (the design coturn adopted in 4.17): {@code cookie ‖ hex(issuedAt) ‖
 * hex(HMAC-SHA256(secret, ip ‖ port ‖ issuedAt)[0..12])}. A nonce is valid only from the address and port it was
 * issued to and only for its lifetime, so a spoofed flood costs the server nothing but the HMAC.
 *
 * <p>The cookie prefix announces the password-algorithms security feature (RFC 8489 §9.2), so clients know that
 * PASSWORD-ALGORITHMS is offered. Not thread-safe: one instance per engine.
 */
final class StatelessNonce {
    static final int FEATURES = NonceCookie.PASSWORD_ALGORITHMS;
    private static final int MAC_BYTES = 12;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final Mac mac;
    private final long lifetimeNanos;
    private final byte[] scratch = new byte[16 + 2 + 8];

    StatelessNonce(byte[] secret, long lifetimeNanos) {
        this.lifetimeNanos = lifetimeNanos;
        try {
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
        }
    }

    static byte[] randomSecret() {
        byte[] s = new byte[32];
        new SecureRandom().nextBytes(s);
        return s;
    }

    /** A nonce for a client at {@code ip:port}, issued at {@code now}. */
    String issue(InetAddress ip, int port, long now) {
        StringBuilder b = new StringBuilder(NonceCookie.LENGTH + 16 + 2 * MAC_BYTES);
        b.append(NonceCookie.cookie(FEATURES));
        appendHex(b, now, 16);
        byte[] tag = tag(ip, port, now);
        for (int i = 0; i < MAC_BYTES; i++) {
            b.append(HEX[(tag[i] >>> 4) & 0xF]).append(HEX[tag[i] & 0xF]);
        }
        return b.toString();
    }

    /** True when {@code nonce} was issued by this server to {@code ip:port} and has not expired at {@code now}. */
    boolean isValid(String nonce, InetAddress ip, int port, long now) {
        if (nonce == null || nonce.length() != NonceCookie.LENGTH + 16 + 2 * MAC_BYTES
                || NonceCookie.features(nonce) != FEATURES) {
            return false;
        }
        int at = NonceCookie.LENGTH;
        long issued = 0;
        for (int i = 0; i < 16; i++) {
            int d = Character.digit(nonce.charAt(at + i), 16);
            if (d < 0) {
                return false;
            }
            issued = (issued << 4) | d;
        }
        byte[] expected = tag(ip, port, issued);
        byte[] given = new byte[MAC_BYTES];
        at += 16;
        for (int i = 0; i < MAC_BYTES; i++) {
            int hi = Character.digit(nonce.charAt(at + 2 * i), 16);
            int lo = Character.digit(nonce.charAt(at + 2 * i + 1), 16);
            if (hi < 0 || lo < 0) {
                return false;
            }
            given[i] = (byte) (hi << 4 | lo);
        }
        if (!MessageDigest.isEqual(java.util.Arrays.copyOf(expected, MAC_BYTES), given)) {
            return false;
        }
        long age = now - issued;
        return age >= 0 && age < lifetimeNanos;
    }

    private byte[] tag(InetAddress ip, int port, long issued) {
        byte[] raw = ip.getAddress();
        System.arraycopy(raw, 0, scratch, 0, raw.length);
        int n = raw.length;
        scratch[n++] = (byte) (port >>> 8);
        scratch[n++] = (byte) port;
        for (int i = 7; i >= 0; i--) {
            scratch[n++] = (byte) (issued >>> (8 * i));
        }
        mac.update(scratch, 0, n);
        return mac.doFinal();
    }

    private static void appendHex(StringBuilder b, long value, int digits) {
        for (int i = digits - 1; i >= 0; i--) {
            b.append(HEX[(int) (value >>> (4 * i)) & 0xF]);
        }
    }
}
