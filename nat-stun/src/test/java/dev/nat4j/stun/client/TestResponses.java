package dev.nat4j.stun.client;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

import dev.nat4j.stun.MessageClass;
import dev.nat4j.stun.StunMessage;
import dev.nat4j.stun.StunMethod;
import dev.nat4j.stun.StunWriter;
import dev.nat4j.stun.TransactionId;
import dev.nat4j.stun.attribute.ErrorCode;
import dev.nat4j.stun.attribute.XorMappedAddress;

/** Builds responses to requests the engine sent, the way a server (or a forger) would. */
final class TestResponses {
    private TestResponses() {}

    static TransactionId idOf(ByteBuffer request) {
        return StunMessage.parse(request.duplicate()).transactionId();
    }

    /** A response of {@code cls} to {@code id}, with whatever {@code body} writes, ending with FINGERPRINT. */
    static ByteBuffer response(TransactionId id, MessageClass cls, Consumer<StunWriter> body) {
        return build(StunMethod.BINDING, cls, id, body, true);
    }

    static ByteBuffer build(int method, MessageClass cls, TransactionId id, Consumer<StunWriter> body,
            boolean fingerprint) {
        ByteBuffer out = ByteBuffer.allocate(2048);
        StunWriter w = new StunWriter(out).start(method, cls, id);
        body.accept(w);
        if (fingerprint) {
            w.addFingerprint();
        }
        ByteBuffer msg = w.finish();
        ByteBuffer copy = ByteBuffer.allocate(msg.remaining());
        copy.put(msg).flip();
        return copy;
    }

    static ByteBuffer success(TransactionId id, InetSocketAddress mapped) {
        return response(id, MessageClass.SUCCESS_RESPONSE, w -> w.add(new XorMappedAddress(mapped)));
    }

    static ByteBuffer error(TransactionId id, int code, String reason) {
        return response(id, MessageClass.ERROR_RESPONSE, w -> w.add(new ErrorCode(code, reason)));
    }
}
