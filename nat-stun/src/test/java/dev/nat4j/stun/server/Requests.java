package dev.nat4j.stun.server;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

import dev.nat4j.stun.MessageClass;
import dev.nat4j.stun.StunMethod;
import dev.nat4j.stun.StunWriter;
import dev.nat4j.stun.TransactionId;

/** Builds STUN messages for the tests: well-formed ones through {@link StunWriter}, broken ones byte by byte. */
final class Requests {
    private Requests() {}

    /** A minimal Binding request: the 20-byte header alone. */
    static byte[] binding() {
        return message(StunMethod.BINDING, MessageClass.REQUEST, w -> { });
    }

    /** A Binding request whose body {@code body} writes. */
    static byte[] binding(Consumer<StunWriter> body) {
        return message(StunMethod.BINDING, MessageClass.REQUEST, body);
    }

    /** A message of any method and class with a random transaction id. */
    static byte[] message(int method, MessageClass messageClass, Consumer<StunWriter> body) {
        ByteBuffer out = ByteBuffer.allocate(20 + 0xFFFF);
        StunWriter w = new StunWriter(out).start(method, messageClass, TransactionId.random());
        body.accept(w);
        ByteBuffer m = w.finish();
        byte[] bytes = new byte[m.remaining()];
        m.get(bytes);
        return bytes;
    }

    /** Raw bytes: a header with {@code type} and the given body length field, then {@code body} as is. */
    static byte[] raw(int messageType, int lengthField, byte[] body) {
        ByteBuffer b = ByteBuffer.allocate(20 + body.length);
        b.putShort((short) messageType).putShort((short) lengthField).putInt(0x2112A442);
        b.put(TransactionId.random().toBytes()).put(body);
        return b.array();
    }

    /** Raw bytes of a request whose length field matches {@code body}. */
    static byte[] rawRequest(int messageType, byte[] body) {
        return raw(messageType, body.length, body);
    }

    /** An attribute header and value, padded with {@code padByte} to a multiple of 4. */
    static byte[] attribute(int type, int lengthField, byte[] value, int padByte) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(type >>> 8);
        b.write(type);
        b.write(lengthField >>> 8);
        b.write(lengthField);
        b.writeBytes(value);
        for (int i = value.length; (i & 3) != 0; i++) {
            b.write(padByte);
        }
        return b.toByteArray();
    }

    /** An attribute whose length field matches its value, zero-padded. */
    static byte[] attribute(int type, byte[] value) {
        return attribute(type, value.length, value, 0);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            b.writeBytes(p);
        }
        return b.toByteArray();
    }
}
