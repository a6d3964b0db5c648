package dev.nat4j.stun;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.IntPredicate;

/**
 * A read-only view of one STUN message (RFC 8489) over the bytes it arrived in.
 *
 * <p>{@link #parse(ByteBuffer)} validates the header and indexes the attributes (type, offset, length) without
 * decoding or copying any value; typed accessors such as {@link #get(AttributeType)} decode lazily. The view is valid
 * only while its buffer's content is unchanged: {@link #copy()} it to keep it longer.
 *
 * <pre>{@code
 * StunMessage m = StunMessage.tryParse(datagram);       // null when it is not STUN
 * if (m != null && m.isRequest() && m.method() == StunMethod.BINDING) {
 *     XorMappedAddress mapped = m.get(XorMappedAddress.TYPE);
 * }
 * }</pre>
 *
 * <p>Structure rules applied here, so that no caller can forget them: the two top bits are zero; the magic cookie is
 * present; the length field is a multiple of 4 and matches the bytes given; every attribute (with its padding) fits;
 * attributes after MESSAGE-INTEGRITY other than MESSAGE-INTEGRITY-SHA256 and FINGERPRINT, and after
 * MESSAGE-INTEGRITY-SHA256 other than FINGERPRINT, are not indexed (they are not covered by the integrity check);
 * FINGERPRINT must be last. When an attribute repeats, lookups return the first one.
 *
 * <p>A view may be reused with {@link #wrap(ByteBuffer)}, which allocates nothing.
 */
public final class StunMessage {
    /** Bytes in the fixed header. */
    public static final int HEADER_LENGTH = 20;
    /** The magic cookie, 0x2112A442 (RFC 8489 §5). */
    public static final int MAGIC_COOKIE = 0x2112A442;
    /** Attributes indexed per message; a message with more is rejected (a legitimate one has far fewer). */
    public static final int MAX_ATTRIBUTES = 64;

    /** Attribute codes the view itself must recognise for the structure rules. */
    static final int MESSAGE_INTEGRITY = 0x0008;
    static final int MESSAGE_INTEGRITY_SHA256 = 0x001C;
    static final int FINGERPRINT = 0x8028;

    private ByteBuffer buffer;
    private int start;
    private int totalLength;
    private int messageType;
    private int count;
    private final int[] types = new int[MAX_ATTRIBUTES];
    private final int[] offsets = new int[MAX_ATTRIBUTES];
    private final int[] lengths = new int[MAX_ATTRIBUTES];
    private int integrityIndex;
    private int integritySha256Index;
    private int fingerprintIndex;
    private String error;

    /** An empty view, to be filled by {@link #wrap(ByteBuffer)}. */
    public StunMessage() {
        reset();
    }

    /**
     * Parses the readable bytes of {@code datagram} (position to limit) as one STUN message.
     *
     * @throws StunParseException when they are not one well-formed STUN message
     */
    public static StunMessage parse(ByteBuffer datagram) {
        StunMessage m = new StunMessage();
        if (!m.wrap(datagram)) {
            throw new StunParseException(m.error);
        }
        return m;
    }

    /** As {@link #parse(ByteBuffer)}, returning {@code null} instead of throwing. */
    public static StunMessage tryParse(ByteBuffer datagram) {
        StunMessage m = new StunMessage();
        return m.wrap(datagram) ? m : null;
    }

    /**
     * A cheap test that the readable bytes could be a STUN message: length, top bits, cookie and length field. Used to
     * demultiplex STUN from other traffic on one port before a full parse.
     */
    public static boolean looksLikeStun(ByteBuffer datagram) {
        int p = datagram.position();
        int n = datagram.remaining();
        if (n < HEADER_LENGTH || (datagram.get(p) & 0xC0) != 0) {
            return false;
        }
        int bodyLength = datagram.getShort(p + 2) & 0xFFFF;
        return datagram.getInt(p + 4) == MAGIC_COOKIE && (bodyLength & 3) == 0 && bodyLength + HEADER_LENGTH == n;
    }

    /**
     * Points this view at the readable bytes of {@code datagram} and validates them; allocates nothing. The buffer must
     * be in its default big-endian byte order, since every multi-byte field is read with its order.
     *
     * @return {@code true} when they are one well-formed STUN message; otherwise {@code false}, and
     *     {@link #error()} says why
     */
    public boolean wrap(ByteBuffer datagram) {
        reset();
        if (datagram.order() != ByteOrder.BIG_ENDIAN) {
            return fail("buffer is not in network (big-endian) byte order");
        }
        int p = datagram.position();
        int n = datagram.remaining();
        if (n < HEADER_LENGTH) {
            return fail("shorter than a STUN header");
        }
        int first = datagram.getShort(p) & 0xFFFF;
        if ((first & 0xC000) != 0) {
            return fail("top two bits are not zero");
        }
        if (datagram.getInt(p + 4) != MAGIC_COOKIE) {
            return fail("no magic cookie");
        }
        int bodyLength = datagram.getShort(p + 2) & 0xFFFF;
        if ((bodyLength & 3) != 0) {
            return fail("length is not a multiple of 4");
        }
        if (bodyLength + HEADER_LENGTH != n) {
            return fail("length field does not match the datagram");
        }
        int end = p + n;
        int at = p + HEADER_LENGTH;
        boolean afterIntegrity = false;
        boolean afterIntegritySha256 = false;
        boolean afterFingerprint = false;
        while (at < end) {
            if (end - at < 4) {
                return fail("truncated attribute header");
            }
            int type = datagram.getShort(at) & 0xFFFF;
            int length = datagram.getShort(at + 2) & 0xFFFF;
            int valueOffset = at + 4;
            int padded = (length + 3) & ~3;
            if (padded > end - valueOffset) {
                return fail("attribute runs past the end of the message");
            }
            if (afterFingerprint) {
                return fail("attribute after FINGERPRINT");
            }
            boolean covered = !afterIntegritySha256 && (!afterIntegrity || type == MESSAGE_INTEGRITY_SHA256)
                    || type == FINGERPRINT;
            if (covered) {
                if (count == MAX_ATTRIBUTES) {
                    return fail("too many attributes");
                }
                int index = count++;
                types[index] = type;
                offsets[index] = valueOffset;
                lengths[index] = length;
                switch (type) {
                    case MESSAGE_INTEGRITY -> {
                        if (integrityIndex < 0) {
                            integrityIndex = index;
                            afterIntegrity = true;
                        }
                    }
                    case MESSAGE_INTEGRITY_SHA256 -> {
                        if (integritySha256Index < 0) {
                            integritySha256Index = index;
                            afterIntegritySha256 = true;
                        }
                    }
                    case FINGERPRINT -> {
                        fingerprintIndex = index;
                        afterFingerprint = true;
                    }
                    default -> { }
                }
            }
            at = valueOffset + padded;
        }
        this.buffer = datagram;
        this.start = p;
        this.totalLength = n;
        this.messageType = first;
        return true;
    }

    private void reset() {
        buffer = null;
        start = 0;
        totalLength = 0;
        messageType = 0;
        count = 0;
        integrityIndex = -1;
        integritySha256Index = -1;
        fingerprintIndex = -1;
        error = null;
    }

    private boolean fail(String reason) {
        reset();
        error = reason;
        return false;
    }

    /** Why the last {@link #wrap(ByteBuffer)} failed, or {@code null}. */
    public String error() {
        return error;
    }

    /** A view over a private copy of this message's bytes, valid after the original buffer is reused. */
    public StunMessage copy() {
        ByteBuffer own = ByteBuffer.allocate(totalLength);
        own.put(0, buffer, start, totalLength);
        return parse(own);
    }

    /** The buffer this view reads (offsets from {@link #valueOffset(int)} are absolute in it). */
    public ByteBuffer buffer() {
        return buffer;
    }

    /** Absolute offset of the first header byte in {@link #buffer()}. */
    public int start() {
        return start;
    }

    /** Length of the whole message including the header. */
    public int totalLength() {
        return totalLength;
    }

    /** The 14-bit message type. */
    public int messageType() {
        return messageType;
    }

    /** The 12-bit method, e.g. {@link StunMethod#BINDING}. */
    public int method() {
        return StunMethod.ofType(messageType);
    }

    /** The message class. */
    public MessageClass messageClass() {
        return MessageClass.ofType(messageType);
    }

    public boolean isRequest() {
        return messageClass() == MessageClass.REQUEST;
    }

    public boolean isIndication() {
        return messageClass() == MessageClass.INDICATION;
    }

    public boolean isSuccessResponse() {
        return messageClass() == MessageClass.SUCCESS_RESPONSE;
    }

    public boolean isErrorResponse() {
        return messageClass() == MessageClass.ERROR_RESPONSE;
    }

    /** The transaction id (allocates; prefer {@link #hasTransactionId(TransactionId)} on hot paths). */
    public TransactionId transactionId() {
        return TransactionId.read(buffer, start + 8);
    }

    /** True when this message carries {@code id}; allocates nothing. */
    public boolean hasTransactionId(TransactionId id) {
        return id.matches(buffer, start + 8);
    }

    /** Byte {@code i} (0..11) of the transaction id. */
    public byte transactionIdByte(int i) {
        return buffer.get(start + 8 + i);
    }

    /** The number of indexed attributes (those not ignored after an integrity attribute). */
    public int attributeCount() {
        return count;
    }

    /** The code of attribute {@code index}. */
    public int attributeType(int index) {
        checkIndex(index);
        return types[index];
    }

    /** Absolute offset of attribute {@code index}'s value in {@link #buffer()}. */
    public int valueOffset(int index) {
        checkIndex(index);
        return offsets[index];
    }

    /** Length of attribute {@code index}'s value, without padding. */
    public int valueLength(int index) {
        checkIndex(index);
        return lengths[index];
    }

    /** Absolute offset of attribute {@code index}'s 4-byte header. */
    public int attributeStart(int index) {
        return valueOffset(index) - 4;
    }

    private void checkIndex(int index) {
        if (index < 0 || index >= count) {
            throw new IndexOutOfBoundsException(index);
        }
    }

    /** Index of the first attribute with {@code code}, or -1. */
    public int indexOf(int code) {
        for (int i = 0; i < count; i++) {
            if (types[i] == code) {
                return i;
            }
        }
        return -1;
    }

    /** True when an attribute with {@code code} is present. */
    public boolean has(int code) {
        return indexOf(code) >= 0;
    }

    /** True when an attribute of {@code type} is present. */
    public boolean has(AttributeType<?> type) {
        return indexOf(type.code()) >= 0;
    }

    /**
     * The first attribute of {@code type}, decoded, or {@code null} when absent.
     *
     * @throws StunParseException when its value is malformed
     */
    public <A> A get(AttributeType<A> type) {
        int i = indexOf(type.code());
        return i < 0 ? null : type.decode(this, offsets[i], lengths[i]);
    }

    /** A copy of the first value with {@code code}, or {@code null}. */
    public byte[] valueBytes(int code) {
        int i = indexOf(code);
        if (i < 0) {
            return null;
        }
        byte[] value = new byte[lengths[i]];
        buffer.get(offsets[i], value);
        return value;
    }

    /** Index of MESSAGE-INTEGRITY, or -1. */
    public int integrityIndex() {
        return integrityIndex;
    }

    /** Index of MESSAGE-INTEGRITY-SHA256, or -1. */
    public int integritySha256Index() {
        return integritySha256Index;
    }

    /** Index of FINGERPRINT, or -1. */
    public int fingerprintIndex() {
        return fingerprintIndex;
    }

    /**
     * The first comprehension-required attribute (code below 0x8000) that {@code understood} rejects, or -1 when all
     * are understood. A request with one gets 420 (RFC 8489 §6.3.1); a response with one is discarded.
     */
    public int firstUnknownComprehensionRequired(IntPredicate understood) {
        for (int i = 0; i < count; i++) {
            int t = types[i];
            if (AttributeType.isComprehensionRequired(t) && !understood.test(t)) {
                return t;
            }
        }
        return -1;
    }

    /** Every distinct comprehension-required code that {@code understood} rejects, for UNKNOWN-ATTRIBUTES. */
    public int[] unknownComprehensionRequired(IntPredicate understood) {
        int[] found = new int[count];
        int n = 0;
        outer:
        for (int i = 0; i < count; i++) {
            int t = types[i];
            if (AttributeType.isComprehensionRequired(t) && !understood.test(t)) {
                for (int j = 0; j < n; j++) {
                    if (found[j] == t) {
                        continue outer;
                    }
                }
                found[n++] = t;
            }
        }
        return java.util.Arrays.copyOf(found, n);
    }

    @Override
    public String toString() {
        if (buffer == null) {
            return "StunMessage[invalid: " + error + "]";
        }
        StringBuilder s = new StringBuilder("StunMessage[")
                .append(StunMethod.name(method())).append(' ').append(messageClass())
                .append(" tx=").append(transactionId()).append(" attrs=");
        for (int i = 0; i < count; i++) {
            s.append(i == 0 ? "" : ",").append(AttributeRegistry.nameOf(types[i]));
        }
        return s.append(']').toString();
    }
}
