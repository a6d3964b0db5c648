package dev.nat4j.stun.auth;

import java.nio.ByteBuffer;
import java.util.zip.CRC32;

import dev.nat4j.stun.StunMessage;

/**
 * MESSAGE-INTEGRITY, MESSAGE-INTEGRITY-SHA256 and FINGERPRINT computed and checked in place, without allocation once
 * a thread is warm.
 *
 * <pre>{@code
 * boolean ok = IntegrityCodec.verifyFingerprint(message) && IntegrityCodec.verifyIntegrity(message, key);
 * }</pre>
 *
 * <p>Comparisons of received MACs run in constant time.
 */
public final class IntegrityCodec {
    /** Length of a MESSAGE-INTEGRITY value (HMAC-SHA1). */
    public static final int SHA1_LENGTH = 20;
    /** Full length of a MESSAGE-INTEGRITY-SHA256 value. */
    public static final int SHA256_LENGTH = 32;
    /** The value XORed into the CRC-32 of FINGERPRINT: "STUN" in ASCII. */
    public static final int FINGERPRINT_XOR = 0x5354554E;

    private static final ThreadLocal<State> STATE = ThreadLocal.withInitial(State::new);

    private IntegrityCodec() {}

    private static final class State {
        final Hmac sha1 = new Hmac("SHA-1");
        final Hmac sha256 = new Hmac("SHA-256");
        final CRC32 crc = new CRC32();
        final byte[] mac = new byte[SHA256_LENGTH];
        final byte[] chunk = new byte[512];
    }

    /**
     * Computes an HMAC over a message whose header length field already counts the integrity attribute, and writes it
     * at {@code macOffset} of {@code out}.
     *
     * @param sha256        SHA-256 (MESSAGE-INTEGRITY-SHA256) rather than SHA-1
     * @param messageStart  absolute offset of the message header
     * @param coveredLength bytes from the header up to (not including) the integrity attribute's header
     */
    public static void hmacInto(boolean sha256, byte[] key, ByteBuffer message, int messageStart, int coveredLength,
            ByteBuffer out, int macOffset) {
        State s = STATE.get();
        Hmac h = sha256 ? s.sha256 : s.sha1;
        int headerLength = message.getShort(messageStart + 2) & 0xFFFF;
        compute(h, key, message, messageStart, coveredLength, headerLength);
        h.finish(s.mac);
        out.put(macOffset, s.mac, 0, h.length());
    }

    /**
     * Checks the strongest integrity attribute present: MESSAGE-INTEGRITY-SHA256 when the message has it (MESSAGE-
     * INTEGRITY beside it is then not consulted, so stripping or forging the SHA-1 one gains nothing), otherwise
     * MESSAGE-INTEGRITY. Allocates nothing once the thread is warm.
     *
     * <pre>{@code
     * if (!IntegrityCodec.verify(request, key)) { answer 401 }
     * }</pre>
     *
     * @return false when neither is present or the present one does not match
     */
    public static boolean verify(StunMessage message, byte[] key) {
        if (message.integritySha256Index() >= 0) {
            return verifyIntegritySha256(message, key);
        }
        return verifyIntegrity(message, key);
    }

    /**
     * True when the message has MESSAGE-INTEGRITY and it matches {@code key}. Attributes after it are not covered and
     * the view already ignores them.
     */
    public static boolean verifyIntegrity(StunMessage message, byte[] key) {
        int index = message.integrityIndex();
        return index >= 0 && message.valueLength(index) == SHA1_LENGTH
                && verify(STATE.get().sha1, message, index, key, SHA1_LENGTH);
    }

    /**
     * True when the message has MESSAGE-INTEGRITY-SHA256 and it matches {@code key}. The value may be truncated to 16
     * bytes or more in steps of 4 (RFC 8489 §14.6).
     */
    public static boolean verifyIntegritySha256(StunMessage message, byte[] key) {
        int index = message.integritySha256Index();
        if (index < 0) {
            return false;
        }
        int length = message.valueLength(index);
        return length >= 16 && length <= SHA256_LENGTH && (length & 3) == 0
                && verify(STATE.get().sha256, message, index, key, length);
    }

    private static boolean verify(Hmac h, StunMessage message, int index, byte[] key, int compareLength) {
        ByteBuffer b = message.buffer();
        int start = message.start();
        int attributeStart = message.attributeStart(index);
        int macOffset = message.valueOffset(index);
        int adjustedLength = macOffset + ((message.valueLength(index) + 3) & ~3) - start - StunMessage.HEADER_LENGTH;
        compute(h, key, b, start, attributeStart - start, adjustedLength);
        byte[] mac = STATE.get().mac;
        h.finish(mac);
        int diff = 0;
        for (int i = 0; i < compareLength; i++) {
            diff |= mac[i] ^ b.get(macOffset + i);
        }
        return diff == 0;
    }

    private static void compute(Hmac h, byte[] key, ByteBuffer b, int start, int coveredLength, int headerLength) {
        h.init(key);
        h.update(b, start, 2);
        h.update((byte) (headerLength >>> 8), (byte) headerLength);
        h.update(b, start + 4, coveredLength - 4);
    }

    /** The FINGERPRINT value for the first {@code coveredLength} bytes of the message at {@code start}. */
    public static int fingerprint(ByteBuffer b, int start, int coveredLength) {
        State s = STATE.get();
        CRC32 crc = s.crc;
        crc.reset();
        if (b.hasArray()) {
            crc.update(b.array(), b.arrayOffset() + start, coveredLength);
        } else if (b.isDirect()) {
            int position = b.position();
            int limit = b.limit();
            try {
                b.limit(start + coveredLength).position(start);
                crc.update(b);
            } finally {
                b.limit(limit).position(position);
            }
        } else {
            // read-only heap buffer: CRC32.update(ByteBuffer) would allocate a scratch array per call
            byte[] chunk = s.chunk;
            for (int done = 0; done < coveredLength; ) {
                int n = Math.min(chunk.length, coveredLength - done);
                b.get(start + done, chunk, 0, n);
                crc.update(chunk, 0, n);
                done += n;
            }
        }
        return (int) crc.getValue() ^ FINGERPRINT_XOR;
    }

    /** True when the message ends with a FINGERPRINT attribute whose value is right. */
    public static boolean verifyFingerprint(StunMessage message) {
        int index = message.fingerprintIndex();
        if (index < 0 || message.valueLength(index) != 4) {
            return false;
        }
        int attributeStart = message.attributeStart(index);
        int expected = fingerprint(message.buffer(), message.start(), attributeStart - message.start());
        return message.buffer().getInt(message.valueOffset(index)) == expected;
    }
}
