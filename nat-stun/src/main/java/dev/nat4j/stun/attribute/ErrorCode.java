package dev.nat4j.stun.attribute;

import java.nio.ByteBuffer;

import dev.nat4j.stun.AttributeType;
import dev.nat4j.stun.StunAttribute;
import dev.nat4j.stun.StunParseException;
import dev.nat4j.stun.StunWriter;

/**
 * ERROR-CODE (RFC 8489 §14.8): a code 300..699 and a reason phrase (may be empty: small error responses limit
 * reflection).
 *
 * @param code   300..699
 * @param reason UTF-8 reason phrase, at most 763 bytes; may be empty
 */
public record ErrorCode(int code, String reason) implements StunAttribute {
    public static final int CODE = 0x0009;
    public static final AttributeType<ErrorCode> TYPE = new AttributeType<>(CODE, "ERROR-CODE", ErrorCode::decode);

    public static final int TRY_ALTERNATE = 300;
    public static final int BAD_REQUEST = 400;
    public static final int UNAUTHENTICATED = 401;
    public static final int FORBIDDEN = 403;
    public static final int UNKNOWN_ATTRIBUTE = 420;
    public static final int ALLOCATION_MISMATCH = 437;
    public static final int STALE_NONCE = 438;
    public static final int ADDRESS_FAMILY_NOT_SUPPORTED = 440;
    public static final int WRONG_CREDENTIALS = 441;
    public static final int UNSUPPORTED_TRANSPORT_PROTOCOL = 442;
    public static final int PEER_ADDRESS_FAMILY_MISMATCH = 443;
    public static final int CONNECTION_ALREADY_EXISTS = 446;
    public static final int CONNECTION_TIMEOUT_OR_FAILURE = 447;
    public static final int ALLOCATION_QUOTA_REACHED = 486;
    public static final int ROLE_CONFLICT = 487;
    public static final int SERVER_ERROR = 500;
    public static final int INSUFFICIENT_CAPACITY = 508;

    public ErrorCode {
        if (code < 300 || code > 699) {
            throw new IllegalArgumentException("error code out of range: " + code);
        }
        if (reason == null) {
            reason = "";
        }
        TextValue.encode(reason, TextValue.MAX_TEXT_BYTES, "reason phrase");
    }

    /** An error code with no reason phrase. */
    public static ErrorCode of(int code) {
        return new ErrorCode(code, "");
    }

    private static ErrorCode decode(dev.nat4j.stun.StunMessage m, int offset, int length) {
        if (length < 4) {
            throw new StunParseException("ERROR-CODE too short");
        }
        ByteBuffer b = m.buffer();
        int errorClass = b.get(offset + 2) & 0x07;
        int number = b.get(offset + 3) & 0xFF;
        if (errorClass < 3 || errorClass > 6 || number > 99) {
            throw new StunParseException("ERROR-CODE out of range");
        }
        String reason = TextValue.decode(m, offset + 4, length - 4, TextValue.MAX_TEXT_BYTES, "reason phrase");
        return new ErrorCode(errorClass * 100 + number, reason);
    }

    @Override
    public int type() {
        return CODE;
    }

    @Override
    public void writeValue(StunWriter writer) {
        writer.putU16(0).putU8(code / 100).putU8(code % 100)
                .putBytes(TextValue.encode(reason, TextValue.MAX_TEXT_BYTES, "reason phrase"));
    }
}
