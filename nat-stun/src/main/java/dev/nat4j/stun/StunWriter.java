package dev.nat4j.stun;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;

import dev.nat4j.stun.auth.IntegrityCodec;

/**
 * Builds one STUN message into a buffer the caller lends; nothing is allocated per message.
 *
 * <pre>{@code
 * ByteBuffer out = ByteBuffer.allocate(StunWriter.MAX_UDP_MESSAGE);
 * ByteBuffer msg = new StunWriter(out)
 *         .start(StunMethod.BINDING, MessageClass.SUCCESS_RESPONSE, request.transactionId())
 *         .add(new XorMappedAddress(client))
 *         .addFingerprint()
 *         .finish();                 // out's position..limit now hold the message
 * }</pre>
 *
 * <p>The writer starts at the buffer's position and may use everything up to its limit. Padding is always written as
 * zero bytes, so a reused buffer never leaks stale bytes. The header length is kept current after every attribute, so
 * MESSAGE-INTEGRITY and FINGERPRINT are computed in place.
 */
public final class StunWriter {
    /** A comfortable size for a UDP message buffer (path MTU minus headers, RFC 8489 §6.1). */
    public static final int MAX_UDP_MESSAGE = 1500;

    private ByteBuffer out;
    private int start;
    private int position;
    private int valueStart = -1;

    /** A writer into {@code out}, starting at its position. */
    public StunWriter(ByteBuffer out) {
        reset(out);
    }

    /** Reuses this writer for a new message into {@code target} (big-endian, the default), starting at its position. */
    public StunWriter reset(ByteBuffer target) {
        if (target.order() != java.nio.ByteOrder.BIG_ENDIAN) {
            throw new IllegalArgumentException("STUN is written in network (big-endian) byte order");
        }
        this.out = target;
        this.start = target.position();
        this.position = start;
        this.valueStart = -1;
        return this;
    }

    /** Writes the header for {@code method} and {@code messageClass}. */
    public StunWriter start(int method, MessageClass messageClass, TransactionId id) {
        return startType(StunMethod.messageType(method, messageClass), id);
    }

    /** Writes the header for a 14-bit message type. */
    public StunWriter startType(int messageType, TransactionId id) {
        position = start;
        ensure(StunMessage.HEADER_LENGTH);
        out.putShort(position, (short) (messageType & 0x3FFF));
        out.putShort(position + 2, (short) 0);
        out.putInt(position + 4, StunMessage.MAGIC_COOKIE);
        id.write(out, position + 8);
        position += StunMessage.HEADER_LENGTH;
        return this;
    }

    /** Appends an attribute. */
    public StunWriter add(StunAttribute attribute) {
        beginAttribute(attribute.type());
        attribute.writeValue(this);
        return endAttribute();
    }

    /** Appends an attribute with a raw value. */
    public StunWriter addRaw(int type, byte[] value) {
        beginAttribute(type);
        putBytes(value);
        return endAttribute();
    }

    /** Appends an attribute whose value is the readable bytes of {@code value} (its position is not moved). */
    public StunWriter addRaw(int type, ByteBuffer value) {
        beginAttribute(type);
        putBytes(value);
        return endAttribute();
    }

    /** Appends MESSAGE-INTEGRITY (HMAC-SHA1, 20 bytes) keyed with {@code key}, over everything written so far. */
    public StunWriter addMessageIntegrity(byte[] key) {
        return addIntegrity(StunMessage.MESSAGE_INTEGRITY, key, IntegrityCodec.SHA1_LENGTH);
    }

    /** Appends MESSAGE-INTEGRITY-SHA256 (32 bytes) keyed with {@code key}, over everything written so far. */
    public StunWriter addMessageIntegritySha256(byte[] key) {
        return addIntegrity(StunMessage.MESSAGE_INTEGRITY_SHA256, key, IntegrityCodec.SHA256_LENGTH);
    }

    private StunWriter addIntegrity(int type, byte[] key, int macLength) {
        beginAttribute(type);
        ensure(macLength);
        int macOffset = position;
        position += macLength;
        endAttribute(); // header length now covers the integrity attribute, as the HMAC requires
        IntegrityCodec.hmacInto(type == StunMessage.MESSAGE_INTEGRITY_SHA256, key, out, start, macOffset - 4 - start,
                out, macOffset);
        return this;
    }

    /** Appends FINGERPRINT (CRC-32 of everything before it, XOR 0x5354554E); it must be the last attribute. */
    public StunWriter addFingerprint() {
        beginAttribute(StunMessage.FINGERPRINT);
        ensure(4);
        int crcOffset = position;
        position += 4;
        endAttribute();
        out.putInt(crcOffset, IntegrityCodec.fingerprint(out, start, crcOffset - 4 - start));
        return this;
    }

    /**
     * Completes the message: the buffer's position is set to its first byte and its limit to its end.
     *
     * @return the lent buffer, holding the message
     */
    public ByteBuffer finish() {
        if (valueStart >= 0) {
            throw new IllegalStateException("attribute not finished");
        }
        out.limit(position);
        out.position(start);
        return out;
    }

    /** Bytes written so far, header included. */
    public int length() {
        return position - start;
    }

    /** Byte {@code i} (0..11) of the transaction id in the header (used for XOR-encoded addresses). */
    public byte transactionIdByte(int i) {
        return out.get(start + 8 + i);
    }

    // --- value writers, for StunAttribute.writeValue ---

    public StunWriter putU8(int value) {
        ensure(1);
        out.put(position++, (byte) value);
        return this;
    }

    public StunWriter putU16(int value) {
        ensure(2);
        out.putShort(position, (short) value);
        position += 2;
        return this;
    }

    public StunWriter putU32(long value) {
        ensure(4);
        out.putInt(position, (int) value);
        position += 4;
        return this;
    }

    public StunWriter putU64(long value) {
        ensure(8);
        out.putLong(position, value);
        position += 8;
        return this;
    }

    public StunWriter putBytes(byte[] value) {
        ensure(value.length);
        out.put(position, value);
        position += value.length;
        return this;
    }

    /** Copies the readable bytes of {@code value} without moving its position. */
    public StunWriter putBytes(ByteBuffer value) {
        int n = value.remaining();
        ensure(n);
        out.put(position, value, value.position(), n);
        position += n;
        return this;
    }

    /** Writes an address value (family, port, address), XORed with the cookie and transaction id when {@code xor}. */
    public StunWriter putAddress(InetSocketAddress address, boolean xor) {
        InetAddress ip = address.getAddress();
        if (ip == null) {
            throw new IllegalArgumentException("unresolved address " + address);
        }
        byte[] raw = ip.getAddress();
        boolean v4 = ip instanceof Inet4Address;
        putU8(0);
        putU8(v4 ? 0x01 : 0x02);
        int port = address.getPort();
        putU16(xor ? port ^ (StunMessage.MAGIC_COOKIE >>> 16) : port);
        ensure(raw.length);
        for (int i = 0; i < raw.length; i++) {
            byte b = raw[i];
            if (xor) {
                b ^= i < 4 ? (byte) (StunMessage.MAGIC_COOKIE >>> (24 - 8 * i)) : transactionIdByte(i - 4);
            }
            out.put(position++, b);
        }
        return this;
    }

    private void beginAttribute(int type) {
        if (valueStart >= 0) {
            throw new IllegalStateException("attribute not finished");
        }
        if (position == start) {
            throw new IllegalStateException("start() the message first");
        }
        ensure(4);
        out.putShort(position, (short) type);
        out.putShort(position + 2, (short) 0);
        position += 4;
        valueStart = position;
    }

    private StunWriter endAttribute() {
        int length = position - valueStart;
        if (length > 0xFFFF) {
            throw new IllegalArgumentException("attribute value longer than 65535 bytes");
        }
        out.putShort(valueStart - 2, (short) length);
        int pad = (4 - (length & 3)) & 3;
        ensure(pad);
        for (int i = 0; i < pad; i++) {
            out.put(position++, (byte) 0);
        }
        valueStart = -1;
        int bodyLength = position - start - StunMessage.HEADER_LENGTH;
        if (bodyLength > 0xFFFF) {
            throw new IllegalArgumentException("message longer than a STUN length field allows");
        }
        out.putShort(start + 2, (short) bodyLength);
        return this;
    }

    private void ensure(int bytes) {
        if (bytes > out.limit() - position) {
            throw new BufferOverflowException();
        }
    }
}
