package dev.nat4j.stun.attribute;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import dev.nat4j.stun.StunMessage;
import dev.nat4j.stun.StunParseException;

/** UTF-8 text values with the RFC 8489 length limits (USERNAME 513 bytes, the others 763). */
final class TextValue {
    /** USERNAME: "MUST contain a UTF-8-encoded sequence of fewer than 509 bytes" after processing; 513 on the wire. */
    static final int MAX_USERNAME_BYTES = 513;
    /** REALM, NONCE, SOFTWARE, reason phrase: fewer than 128 characters, at most 763 bytes. */
    static final int MAX_TEXT_BYTES = 763;

    private TextValue() {}

    static String decode(StunMessage message, int offset, int length, int maxBytes, String what) {
        if (length > maxBytes) {
            throw new StunParseException(what + " longer than " + maxBytes + " bytes");
        }
        ByteBuffer b = message.buffer();
        byte[] raw = new byte[length];
        b.get(offset, raw);
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            CharBuffer chars = decoder.decode(ByteBuffer.wrap(raw));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new StunParseException(what + " is not valid UTF-8");
        }
    }

    static byte[] encode(String text, int maxBytes, String what) {
        byte[] raw = text.getBytes(StandardCharsets.UTF_8);
        if (raw.length > maxBytes) {
            throw new IllegalArgumentException(what + " longer than " + maxBytes + " bytes");
        }
        return raw;
    }
}
