package dev.nat4j.stun.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

import dev.nat4j.core.SocketAddresses;
import dev.nat4j.core.Transmit;
import dev.nat4j.core.TransportAddress;
import dev.nat4j.stun.MessageClass;
import dev.nat4j.stun.StunMessage;
import dev.nat4j.stun.StunMethod;
import dev.nat4j.stun.attribute.XorMappedAddress;

/** Feeds bytes to a {@link StunServerEngine} with a made-up clock and checks what every test must hold. */
final class EngineHarness {
    static final TransportAddress LOCAL = TransportAddress.udp(SocketAddresses.parse("192.0.2.1:3478"));
    static final InetSocketAddress CLIENT = SocketAddresses.parse("198.51.100.7:40000");
    static final InetSocketAddress CLIENT6 = SocketAddresses.parse("[2001:db8::77]:40001");

    final StunServerEngine engine;
    private long now = 1_000_000_000L;

    EngineHarness(StunServerConfig config) {
        this.engine = new StunServerEngine(config);
    }

    EngineHarness(StunServerEngine engine) {
        this.engine = engine;
    }

    /** Feeds {@code bytes} from {@link #CLIENT} to {@link #LOCAL}; returns the answer (a copy) or {@code null}. */
    Answer send(byte[] bytes) {
        return send(LOCAL, CLIENT, bytes);
    }

    Answer send(TransportAddress local, InetSocketAddress remote, byte[] bytes) {
        // Offset the bytes inside a larger buffer so that no code may assume position 0.
        ByteBuffer b = ByteBuffer.allocate(bytes.length + 7);
        b.position(3);
        b.put(bytes);
        b.flip();
        b.position(3);
        ByteBuffer before = b.duplicate();
        now += 1_000_000L;
        engine.handleDatagram(local, remote, b, now);
        assertEquals(before, b, "the engine moved the borrowed payload's position or limit");
        Transmit t = engine.pollTransmit();
        assertNull(engine.pollTransmit(), "at most one answer per datagram");
        assertNull(engine.pollEvent());
        StunServerStats s = engine.stats();
        assertEquals(s.received(), s.successResponses() + s.errorResponses() + s.droppedTotal(),
                "every datagram counted exactly once: " + s);
        assertEquals(0, s.dropped(DropReason.INTERNAL_ERROR), "internal error in the engine");
        if (t == null) {
            return null;
        }
        byte[] copy = new byte[t.payload().remaining()];
        t.payload().duplicate().get(copy);
        return new Answer(t.source(), t.destination(), copy);
    }

    /** Asserts that a plain Binding request still gets a success answer with the right mapped address. */
    void assertStillServes() {
        Answer a = send(Requests.binding());
        assertNotNull(a, "a valid Binding request was not answered");
        StunMessage m = a.message();
        assertTrue(m.isSuccessResponse());
        assertEquals(CLIENT, m.get(XorMappedAddress.TYPE).address());
    }

    /** Asserts that {@code bytes} are dropped for {@code reason}, and that the server still serves afterwards. */
    void assertDropped(byte[] bytes, DropReason reason) {
        long before = engine.stats().dropped(reason);
        assertNull(send(bytes), "expected a silent drop (" + reason + ")");
        assertEquals(before + 1, engine.stats().dropped(reason), "drop counted under " + reason);
        assertStillServes();
    }

    /** An answer the engine produced, copied out of its reused buffer. */
    record Answer(TransportAddress source, InetSocketAddress destination, byte[] bytes) {
        StunMessage message() {
            return StunMessage.parse(ByteBuffer.wrap(bytes));
        }

        int errorCode() {
            StunMessage m = message();
            assertTrue(m.isErrorResponse(), "expected an error response, got " + m);
            return m.get(dev.nat4j.stun.attribute.ErrorCode.TYPE).code();
        }

        boolean isBindingSuccess() {
            StunMessage m = message();
            return m.method() == StunMethod.BINDING && m.messageClass() == MessageClass.SUCCESS_RESPONSE;
        }
    }
}
