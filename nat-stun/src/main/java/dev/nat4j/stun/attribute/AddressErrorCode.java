package dev.nat4j.stun.attribute;

import java.nio.ByteBuffer;

import dev.nat4j.stun.AttributeType;
import dev.nat4j.stun.StunAttribute;
import dev.nat4j.stun.StunMessage;
import dev.nat4j.stun.StunParseException;
import dev.nat4j.stun.StunWriter;

/**
 * ADDRESS-ERROR-CODE (RFC 8656 §18.12): in a dual-stack Allocate success response, why the relayed address of one
 * family could not be allocated. Laid out as ERROR-CODE with the family in the first byte.
 *
 * @param family the family byte the error is about (0x01 IPv4, 0x02 IPv6)
 * @param code   300..699, e.g. 440 or 508
 * @param reason UTF-8 reason phrase, at most 763 bytes; may be empty
 */
public record AddressErrorCode(int family, int code, String reason) implements StunAttribute {
    public static final int CODE = 0x8001;
    public static final AttributeType<AddressErrorCode> TYPE = new AttributeType<>(CODE, "ADDRESS-ERROR-CODE",
            AddressErrorCode::decode);

    public AddressErrorCode {
        Values.checkRange(family, 0, 0xFF, "ADDRESS-ERROR-CODE family");
        Values.checkRange(code, 300, 699, "ADDRESS-ERROR-CODE code");
        if (reason == null) {
            reason = "";
        }
        TextValue.encode(reason, TextValue.MAX_TEXT_BYTES, "reason phrase");
    }

    private static AddressErrorCode decode(StunMessage m, int offset, int length) {
        if (length < 4) {
            throw new StunParseException("ADDRESS-ERROR-CODE too short");
        }
        ByteBuffer b = m.buffer();
        int family = b.get(offset) & 0xFF;
        int errorClass = b.get(offset + 2) & 0x07;
        int number = b.get(offset + 3) & 0xFF;
        if (errorClass < 3 || errorClass > 6 || number > 99) {
            throw new StunParseException("ADDRESS-ERROR-CODE out of range");
        }
        String reason = TextValue.decode(m, offset + 4, length - 4, TextValue.MAX_TEXT_BYTES, "reason phrase");
        return new AddressErrorCode(family, errorClass * 100 + number, reason);
    }

    @Override
    public int type() {
        return CODE;
    }

    @Override
    public void writeValue(StunWriter writer) {
        writer.putU8(family).putU8(0).putU8(code / 100).putU8(code % 100)
                .putBytes(TextValue.encode(reason, TextValue.MAX_TEXT_BYTES, "reason phrase"));
    }
}
