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
    /**
     * USERNAME: RFC 8489 §14.3 asks senders for fewer than 509 bytes; RFC 5389 allowed fewer than 513, so a receiver
     * accepts up to 512 and rejects 513 or more.
     */
    static final int MAX_USERNAME_BYTES = 512;
    /** REALM, NONCE, SOFTWARE, reason phrase: fewer than 128 characters, at most 763 bytes. */
    static final int MAX_TEXT_BYTES = 763;

    private TextValue() {}

    static String decode(StunMessage message, int offset, int length, int maxBytes, String what) {
        return decode(message, offset, length, maxBytes, what, false);
    }

    /**
     * As {@link #decode(StunMessage, int, int, int, String)}; with {@code rejectControls}, also refuses C0/C1 control
     * characters and DEL, which an OpaqueString-prepared value (USERNAME, REALM) cannot hold and which would let a
     * peer forge log lines (CR/LF).
     */
    static String decode(StunMessage message, int offset, int length, int maxBytes, String what,
            boolean rejectControls) {
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
            if (rejectControls) {
                for (int i = 0; i < chars.length(); i++) {
                    if (Character.isISOControl(chars.charAt(i))) {
                        throw new StunParseException(what + " contains a control character");
                    }
                }
            }
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new StunParseException(what + " is not valid UTF-8");
        }
    }

    static byte[] encode(String text, int maxBytes, String what, boolean rejectControls) {
        if (rejectControls && text.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(what + " contains a control character");
        }
        return encode(text, maxBytes, what);
    }

    static byte[] encode(String text, int maxBytes, String what) {
        byte[] raw = text.getBytes(StandardCharsets.UTF_8);
        if (raw.length > maxBytes) {
            throw new IllegalArgumentException(what + " longer than " + maxBytes + " bytes");
        }
        return raw;
    }
}
