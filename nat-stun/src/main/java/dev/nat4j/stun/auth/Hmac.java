package dev.nat4j.stun.auth;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * HMAC (RFC 2104) over a reusable {@link MessageDigest}, so that checking a message's integrity allocates nothing once
 * warm. {@code javax.crypto.Mac} would need a new key object per key; STUN servers switch keys on every request.
 * Not thread-safe: one instance per thread.
 */
final class Hmac {
    private static final int BLOCK = 64; // SHA-1 and SHA-256 both use 64-byte blocks

    private final MessageDigest digest;
    private final byte[] innerPad = new byte[BLOCK];
    private final byte[] outerPad = new byte[BLOCK];
    private final byte[] innerHash;
    private byte[] currentKey = new byte[0];
    private boolean keyed;

    Hmac(String algorithm) {
        try {
            this.digest = MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is required by every Java platform", e);
        }
        this.innerHash = new byte[digest.getDigestLength()];
    }

    int length() {
        return innerHash.length;
    }

    /** Keys the HMAC; the pads are recomputed only when the key changes. */
    void init(byte[] key) {
        if (keyed && MessageDigest.isEqual(key, currentKey)) { // constant time: keys are secrets
            digest.reset();
            digest.update(innerPad);
            return;
        }
        byte[] k = key.length > BLOCK ? digest.digest(key) : key;
        for (int i = 0; i < BLOCK; i++) {
            byte b = i < k.length ? k[i] : 0;
            innerPad[i] = (byte) (b ^ 0x36);
            outerPad[i] = (byte) (b ^ 0x5c);
        }
        currentKey = currentKey.length == key.length ? currentKey : new byte[key.length];
        System.arraycopy(key, 0, currentKey, 0, key.length);
        keyed = true;
        digest.reset();
        digest.update(innerPad);
    }

    void update(byte b1, byte b2) {
        digest.update(b1);
        digest.update(b2);
    }

    /** Feeds {@code length} bytes at absolute {@code offset}; the buffer's position and limit are restored. */
    void update(ByteBuffer buffer, int offset, int length) {
        if (length <= 0) {
            return;
        }
        if (buffer.hasArray()) {
            digest.update(buffer.array(), buffer.arrayOffset() + offset, length);
            return;
        }
        int position = buffer.position();
        int limit = buffer.limit();
        try {
            buffer.limit(offset + length).position(offset);
            digest.update(buffer);
        } finally {
            buffer.limit(limit).position(position);
        }
    }

    /** Completes the HMAC into {@code out[0..length())}. */
    void finish(byte[] out) {
        try {
            digest.digest(innerHash, 0, innerHash.length);
            digest.update(outerPad);
            digest.update(innerHash);
            digest.digest(out, 0, innerHash.length);
        } catch (java.security.DigestException e) {
            throw new IllegalStateException(e);
        }
    }
}
