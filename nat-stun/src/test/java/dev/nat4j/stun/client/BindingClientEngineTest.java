package dev.nat4j.stun.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.nat4j.core.Engine;
import dev.nat4j.core.Transmit;
import dev.nat4j.core.Transport;
import dev.nat4j.core.TransportAddress;
import dev.nat4j.stun.MessageClass;
import dev.nat4j.stun.StunMessage;
import dev.nat4j.stun.StunMethod;
import dev.nat4j.stun.TransactionId;
import dev.nat4j.stun.attribute.AlternateServer;
import dev.nat4j.stun.attribute.ChangeRequest;
import dev.nat4j.stun.attribute.ErrorCode;
import dev.nat4j.stun.attribute.MappedAddress;
import dev.nat4j.stun.attribute.OtherAddress;
import dev.nat4j.stun.attribute.Padding;
import dev.nat4j.stun.attribute.ResponseOrigin;
import dev.nat4j.stun.attribute.ResponsePort;
import dev.nat4j.stun.attribute.XorMappedAddress;
import dev.nat4j.stun.auth.IntegrityCodec;
import dev.nat4j.stun.transaction.RetransmissionPolicy;

/** The Binding client engine on explicit virtual time: no sockets, no clock, no sleeps. */
class BindingClientEngineTest {
    private static final long MS = 1_000_000L;
    private static final long T0 = 123_456_789L; // any origin: the engine must not assume 0

    private static final InetSocketAddress SERVER = addr("192.0.2.1", 3478);
    private static final InetSocketAddress SERVER_OTHER = addr("192.0.2.2", 3479);
    private static final InetSocketAddress MAPPED = addr("203.0.113.7", 40000);
    private static final TransportAddress LOCAL = TransportAddress.udp(addr("10.0.0.2", 5000));
    private static final TransportAddress OTHER_LOCAL = TransportAddress.udp(addr("10.0.0.2", 5001));

    private final BindingClientEngine engine = new BindingClientEngine(RetransmissionPolicy.DEFAULT, 16);

    private static InetSocketAddress addr(String ip, int port) {
        return new InetSocketAddress(ip, port);
    }

    private List<Transmit> drainTransmits() {
        List<Transmit> out = new ArrayList<>();
        for (Transmit t; (t = engine.pollTransmit()) != null; ) {
            ByteBuffer copy = ByteBuffer.allocate(t.payload().remaining());
            copy.put(t.payload().duplicate()).flip();
            out.add(new Transmit(t.source(), t.destination(), copy));
        }
        return out;
    }

    private List<BindingEvent> drainEvents() {
        List<BindingEvent> out = new ArrayList<>();
        for (BindingEvent e; (e = engine.pollEvent()) != null; ) {
            out.add(e);
        }
        return out;
    }

    private Transmit sendOne(BindingRequest request, long now) {
        engine.start(request, now);
        List<Transmit> sent = drainTransmits();
        assertEquals(1, sent.size());
        return sent.get(0);
    }

    @Test
    void successReportsMappedAddressRfc5780AttributesSourceLocalAndRtt() {
        Transmit sent = sendOne(BindingRequest.to(SERVER).from(LOCAL).withTag("a"), T0);
        assertEquals(LOCAL, sent.source());
        assertEquals(SERVER, sent.destination());
        StunMessage request = StunMessage.parse(sent.payload().duplicate());
        assertTrue(request.isRequest());
        assertEquals(StunMethod.BINDING, request.method());
        assertTrue(IntegrityCodec.verifyFingerprint(request), "request ends with a valid FINGERPRINT");

        TransactionId id = request.transactionId();
        ByteBuffer response = TestResponses.response(id, MessageClass.SUCCESS_RESPONSE, w -> w
                .add(new XorMappedAddress(MAPPED))
                .add(new OtherAddress(SERVER_OTHER))
                .add(new ResponseOrigin(SERVER)));
        engine.handleDatagram(LOCAL, SERVER, response, T0 + 42 * MS);

        List<BindingEvent> events = drainEvents();
        assertEquals(1, events.size());
        BindingResult r = assertInstanceOf(BindingResult.class, events.get(0));
        assertEquals(MAPPED, r.mappedAddress());
        assertTrue(r.xorMapped());
        assertEquals(SERVER_OTHER, r.otherAddress());
        assertEquals(SERVER, r.responseOrigin());
        assertEquals(SERVER, r.responseSource());
        assertEquals(LOCAL, r.local());
        assertEquals(42 * MS, r.rttNanos());
        assertEquals(Duration.ofMillis(42), r.rtt());
        assertEquals(1, r.requestsSent());
        assertEquals("a", r.request().tag());
        assertEquals(id, r.transactionId());
        assertTrue(r.response().isSuccessResponse());
        assertEquals(MAPPED, r.response().get(XorMappedAddress.TYPE).address(), "response copy outlives the buffer");
        assertEquals(Engine.NO_TIMEOUT, engine.pollTimeout());
        assertEquals(0, engine.outstanding());
    }

    @Test
    void theResponseViewInTheEventIsACopy() {
        Transmit sent = sendOne(BindingRequest.to(SERVER), T0);
        ByteBuffer response = TestResponses.success(TestResponses.idOf(sent.payload()), MAPPED);
        engine.handleDatagram(LOCAL, SERVER, response, T0 + MS);
        for (int i = 0; i < response.limit(); i++) {
            response.put(i, (byte) 0xFF); // the driver reuses its receive buffer
        }
        BindingResult r = (BindingResult) drainEvents().get(0);
        assertEquals(MAPPED, r.response().get(XorMappedAddress.TYPE).address());
    }

    @Test
    void fallsBackToMappedAddressForRfc3489Servers() {
        Transmit sent = sendOne(BindingRequest.to(SERVER).withFingerprint(false), T0);
        StunMessage request = StunMessage.parse(sent.payload().duplicate());
        assertEquals(-1, request.fingerprintIndex(), "no FINGERPRINT when asked not to");
        ByteBuffer response = TestResponses.build(StunMethod.BINDING, MessageClass.SUCCESS_RESPONSE,
                request.transactionId(), w -> w.add(new MappedAddress(MAPPED)), false);
        engine.handleDatagram(LOCAL, SERVER, response, T0 + MS);
        BindingResult r = assertInstanceOf(BindingResult.class, drainEvents().get(0));
        assertEquals(MAPPED, r.mappedAddress());
        assertFalse(r.xorMapped());
        assertNull(r.otherAddress());
        assertNull(r.responseOrigin());
    }

    @Test
    void retransmitsOnLossOnTheRfcScheduleAndAppliesKarnsRule() {
        engine.start(BindingRequest.to(SERVER).from(LOCAL), T0);
        List<Long> sendTimes = new ArrayList<>();
        long now = T0;
        ByteBuffer last = null;
        for (int i = 0; i < 3; i++) {
            for (Transmit t : drainTransmits()) {
                sendTimes.add(now - T0);
                last = t.payload();
            }
            now = engine.pollTimeout();
            if (i < 2) {
                engine.handleTimeout(now);
            }
        }
        assertEquals(List.of(0L, 500 * MS, 1500 * MS), sendTimes, "first two sends lost, third answered");
        long answerAt = T0 + 1500 * MS + 80 * MS;
        engine.handleDatagram(LOCAL, SERVER, TestResponses.success(TestResponses.idOf(last), MAPPED), answerAt);
        BindingResult r = assertInstanceOf(BindingResult.class, drainEvents().get(0));
        assertEquals(3, r.requestsSent());
        assertEquals(-1, r.rttNanos(), "a retransmitted request has no unambiguous RTT");
        assertEquals(1580 * MS, r.elapsedNanos());
        assertEquals(Engine.NO_TIMEOUT, engine.pollTimeout());
    }

    @Test
    void retransmissionsAreByteIdentical() {
        Transmit first = sendOne(BindingRequest.to(SERVER), T0);
        engine.handleTimeout(engine.pollTimeout());
        Transmit second = drainTransmits().get(0);
        assertEquals(first.payload(), second.payload());
    }

    @Test
    void timesOutAt39Point5SecondsAfterSevenSends() {
        engine.start(BindingRequest.to(SERVER).withTag("lost"), T0);
        List<Long> sendTimes = new ArrayList<>();
        List<BindingEvent> events = new ArrayList<>();
        long now = T0;
        for (int guard = 0; guard < 20 && events.isEmpty(); guard++) {
            for (Transmit ignored : drainTransmits()) {
                sendTimes.add((now - T0) / MS);
            }
            long next = engine.pollTimeout();
            assertTrue(next != Engine.NO_TIMEOUT, "a deadline while outstanding");
            assertTrue(next - now > 0, "deadline moves forward");
            engine.handleTimeout(next - 1); // one nanosecond early: nothing happens
            assertTrue(drainTransmits().isEmpty());
            assertTrue(drainEvents().isEmpty());
            now = next;
            engine.handleTimeout(now);
            events.addAll(drainEvents());
        }
        assertEquals(List.of(0L, 500L, 1500L, 3500L, 7500L, 15500L, 31500L), sendTimes);
        assertEquals(39_500 * MS, now - T0);
        BindingTimeout t = assertInstanceOf(BindingTimeout.class, events.get(0));
        assertEquals(7, t.requestsSent());
        assertEquals(39_500 * MS, t.elapsedNanos());
        assertEquals("lost", t.request().tag());
        assertEquals(Engine.NO_TIMEOUT, engine.pollTimeout());
        assertTrue(drainTransmits().isEmpty());
    }

    @Test
    void strayAndForgedResponsesAreDroppedWhileTheTransactionKeepsRetransmitting() {
        Transmit sent = sendOne(BindingRequest.to(SERVER).from(LOCAL), T0);
        TransactionId id = TestResponses.idOf(sent.payload());
        long now = T0 + 10 * MS;

        // 1. not STUN at all
        engine.handleDatagram(LOCAL, SERVER, ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5}), now);
        // 2. a valid success response for another transaction
        engine.handleDatagram(LOCAL, SERVER, TestResponses.success(TransactionId.random(), addr("6.6.6.6", 6)), now);
        // 3. the right id, but a FINGERPRINT that does not match (a byte flipped after it was computed)
        ByteBuffer forged = TestResponses.success(id, addr("6.6.6.6", 6));
        forged.put(forged.limit() - 1, (byte) (forged.get(forged.limit() - 1) ^ 1));
        engine.handleDatagram(LOCAL, SERVER, forged, now);
        // 4. the right id, but a request, not a response
        engine.handleDatagram(LOCAL, SERVER, TestResponses.build(StunMethod.BINDING, MessageClass.REQUEST, id,
                w -> { }, true), now);
        // 5. the right id, but another method
        engine.handleDatagram(LOCAL, SERVER, TestResponses.build(StunMethod.ALLOCATE, MessageClass.SUCCESS_RESPONSE,
                id, w -> w.add(new XorMappedAddress(addr("6.6.6.6", 6))), true), now);
        // 6. the right id and a valid response, but on another local socket than the request left from
        engine.handleDatagram(OTHER_LOCAL, SERVER, TestResponses.success(id, addr("6.6.6.6", 6)), now);
        // 7. the right id, but an XOR-MAPPED-ADDRESS that cannot be decoded (family 7)
        engine.handleDatagram(LOCAL, SERVER, TestResponses.response(id, MessageClass.SUCCESS_RESPONSE,
                w -> w.addRaw(XorMappedAddress.CODE, new byte[] {0, 7, 0, 1, 1, 2, 3, 4})), now);
        // 8. a success response with no mapped address at all
        engine.handleDatagram(LOCAL, SERVER, TestResponses.response(id, MessageClass.SUCCESS_RESPONSE, w -> { }), now);

        assertTrue(drainEvents().isEmpty(), "no outcome from stray or forged input");
        assertEquals(1, engine.outstanding());
        BindingClientStats s = engine.stats();
        assertEquals(3, s.malformed(), "garbage, undecodable address, missing address");
        assertEquals(1, s.badFingerprint());
        assertEquals(4, s.unmatched(), "other id, request, other method, other socket");
        assertEquals(8, s.total());

        // The transaction goes on: its retransmission is still due at 500 ms ...
        assertEquals(T0 + 500 * MS, engine.pollTimeout());
        engine.handleTimeout(T0 + 500 * MS);
        assertEquals(1, drainTransmits().size());
        // ... and the genuine response still completes it.
        engine.handleDatagram(LOCAL, SERVER, TestResponses.success(id, MAPPED), T0 + 530 * MS);
        BindingResult r = assertInstanceOf(BindingResult.class, drainEvents().get(0));
        assertEquals(MAPPED, r.mappedAddress());
    }

    @Test
    void aResponseFromAnotherServerAddressIsAcceptedOverUdp() {
        // RFC 5780: with CHANGE-REQUEST the answer comes from the server's other address.
        Transmit sent = sendOne(BindingRequest.to(SERVER).from(LOCAL).with(new ChangeRequest(true, true)), T0);
        TransactionId id = TestResponses.idOf(sent.payload());
        engine.handleDatagram(LOCAL, SERVER_OTHER, TestResponses.success(id, MAPPED), T0 + MS);
        BindingResult r = assertInstanceOf(BindingResult.class, drainEvents().get(0));
        assertEquals(SERVER_OTHER, r.responseSource());
    }

    @Test
    void extraAttributesAreSentInOrderFromTheChosenSocket() {
        BindingRequest request = BindingRequest.to(SERVER).from(OTHER_LOCAL)
                .with(new ChangeRequest(true, false), new ResponsePort(7000))
                .with(new Padding(1800)); // bigger than a datagram buffer: the engine grows its scratch buffer
        Transmit sent = sendOne(request, T0);
        assertEquals(OTHER_LOCAL, sent.source());
        StunMessage m = StunMessage.parse(sent.payload().duplicate());
        assertEquals(List.of(ChangeRequest.CODE, ResponsePort.CODE, Padding.CODE, 0x8028),
                List.of(m.attributeType(0), m.attributeType(1), m.attributeType(2), m.attributeType(3)));
        assertEquals(new ChangeRequest(true, false), m.get(ChangeRequest.TYPE));
        assertEquals(7000, m.get(ResponsePort.TYPE).port());
        assertEquals(1800, m.get(Padding.TYPE).length());
        assertTrue(IntegrityCodec.verifyFingerprint(m));
    }

    @Test
    void anOversizedRequestIsRefused() {
        BindingRequest huge = BindingRequest.to(SERVER).with(new Padding(0xFFFF));
        assertThrows(IllegalArgumentException.class, () -> engine.start(huge, T0));
        assertEquals(0, engine.outstanding());
        assertNull(engine.pollTransmit());
    }

    @Test
    void errorResponsesReportCodeAndReason() {
        Transmit sent = sendOne(BindingRequest.to(SERVER), T0);
        engine.handleDatagram(LOCAL, SERVER,
                TestResponses.error(TestResponses.idOf(sent.payload()), 420, "Unknown Attribute"), T0 + MS);
        BindingErrorResponse e = assertInstanceOf(BindingErrorResponse.class, drainEvents().get(0));
        assertEquals(420, e.code());
        assertEquals("Unknown Attribute", e.reason());
        assertEquals(SERVER, e.responseSource());
        assertEquals(MS, e.elapsedNanos());
        assertEquals(Engine.NO_TIMEOUT, engine.pollTimeout());
    }

    @Test
    void tryAlternateIsADistinctOutcome() {
        InetSocketAddress alternate = addr("198.51.100.9", 3478);
        Transmit sent = sendOne(BindingRequest.to(SERVER), T0);
        TransactionId id = TestResponses.idOf(sent.payload());
        engine.handleDatagram(LOCAL, SERVER, TestResponses.response(id, MessageClass.ERROR_RESPONSE,
                w -> w.add(new ErrorCode(300, "Try Alternate")).add(new AlternateServer(alternate))), T0 + MS);
        BindingTryAlternate a = assertInstanceOf(BindingTryAlternate.class, drainEvents().get(0));
        assertEquals(alternate, a.alternateServer());
        assertEquals("Try Alternate", a.reason());
    }

    @Test
    void tryAlternateWithoutAlternateServerIsAnErrorResponse() {
        Transmit sent = sendOne(BindingRequest.to(SERVER), T0);
        engine.handleDatagram(LOCAL, SERVER, TestResponses.error(TestResponses.idOf(sent.payload()), 300, ""),
                T0 + MS);
        BindingErrorResponse e = assertInstanceOf(BindingErrorResponse.class, drainEvents().get(0));
        assertEquals(300, e.code());
    }

    @Test
    void unknownComprehensionRequiredAttributeFailsTheTransaction() {
        Transmit sent = sendOne(BindingRequest.to(SERVER), T0);
        TransactionId id = TestResponses.idOf(sent.payload());
        engine.handleDatagram(LOCAL, SERVER, TestResponses.response(id, MessageClass.SUCCESS_RESPONSE,
                w -> w.add(new XorMappedAddress(MAPPED)).addRaw(0x7FFE, new byte[4])), T0 + MS);
        BindingFailure f = assertInstanceOf(BindingFailure.class, drainEvents().get(0));
        assertTrue(f.reason().contains("0x7ffe"), f.reason());
        assertEquals(1, engine.stats().unknownAttribute());
        assertEquals(Engine.NO_TIMEOUT, engine.pollTimeout());
    }

    @Test
    void unknownComprehensionOptionalAttributesAreIgnored() {
        Transmit sent = sendOne(BindingRequest.to(SERVER), T0);
        TransactionId id = TestResponses.idOf(sent.payload());
        engine.handleDatagram(LOCAL, SERVER, TestResponses.response(id, MessageClass.SUCCESS_RESPONSE,
                w -> w.addRaw(0xC0DE, new byte[] {1, 2, 3}).add(new XorMappedAddress(MAPPED))), T0 + MS);
        assertEquals(MAPPED, assertInstanceOf(BindingResult.class, drainEvents().get(0)).mappedAddress());
    }

    @Test
    void errorResponseWithoutErrorCodeFailsTheTransaction() {
        Transmit sent = sendOne(BindingRequest.to(SERVER), T0);
        engine.handleDatagram(LOCAL, SERVER, TestResponses.response(TestResponses.idOf(sent.payload()),
                MessageClass.ERROR_RESPONSE, w -> { }), T0 + MS);
        assertInstanceOf(BindingFailure.class, drainEvents().get(0));
    }

    @Test
    void aDuplicateResponseAfterTheOutcomeIsDropped() {
        Transmit sent = sendOne(BindingRequest.to(SERVER), T0);
        ByteBuffer response = TestResponses.success(TestResponses.idOf(sent.payload()), MAPPED);
        engine.handleDatagram(LOCAL, SERVER, response.duplicate(), T0 + MS);
        engine.handleDatagram(LOCAL, SERVER, response.duplicate(), T0 + 2 * MS);
        assertEquals(1, drainEvents().size());
        assertEquals(1, engine.stats().unmatched());
    }

    @Test
    void manyServersInParallelGetOneOutcomeEach() {
        InetSocketAddress a = addr("192.0.2.10", 3478);
        InetSocketAddress b = addr("2001:db8::1", 3478);
        InetSocketAddress c = addr("192.0.2.30", 3478);
        TransportAddress local6 = TransportAddress.udp(addr("2001:db8::99", 5000));
        Map<InetSocketAddress, TransactionId> ids = new HashMap<>();
        ids.put(a, engine.start(BindingRequest.to(a).from(LOCAL).withTag("A"), T0));
        ids.put(b, engine.start(BindingRequest.to(b).from(local6).withTag("B"), T0));
        ids.put(c, engine.start(BindingRequest.to(c).from(LOCAL).withTag("C"), T0));
        Map<InetSocketAddress, Transmit> byServer = new HashMap<>();
        for (Transmit t : drainTransmits()) {
            byServer.put(t.destination(), t);
        }
        assertEquals(3, byServer.size());
        assertEquals(ids.get(b), TestResponses.idOf(byServer.get(b).payload()));
        assertEquals(local6, byServer.get(b).source());

        InetSocketAddress mapped6 = addr("2001:db8:ffff::5", 61000);
        engine.handleDatagram(local6, b, TestResponses.success(ids.get(b), mapped6), T0 + 20 * MS);
        engine.handleDatagram(LOCAL, a, TestResponses.error(ids.get(a), 500, "busy"), T0 + 30 * MS);
        List<BindingEvent> events = drainEvents();
        assertEquals(2, events.size());
        BindingResult rb = assertInstanceOf(BindingResult.class, events.get(0));
        assertEquals("B", rb.request().tag());
        assertEquals(mapped6, rb.mappedAddress(), "IPv6 XOR-MAPPED-ADDRESS decoded with the transaction id");
        BindingErrorResponse ea = assertInstanceOf(BindingErrorResponse.class, events.get(1));
        assertEquals("A", ea.request().tag());
        assertEquals(1, engine.outstanding());

        long now = T0;
        List<BindingEvent> rest = new ArrayList<>();
        for (int guard = 0; guard < 20 && rest.isEmpty(); guard++) {
            now = engine.pollTimeout();
            engine.handleTimeout(now);
            for (Transmit t : drainTransmits()) {
                assertEquals(c, t.destination(), "only the unanswered server is retried");
            }
            rest.addAll(drainEvents());
        }
        BindingTimeout tc = assertInstanceOf(BindingTimeout.class, rest.get(0));
        assertEquals("C", tc.request().tag());
        assertEquals(ids.get(c), tc.transactionId());
    }

    @Test
    void overTcpTheRequestIsSentOnceAndTimesOutAfterTi() {
        TransportAddress tcpLocal = TransportAddress.of(addr("10.0.0.2", 41000), Transport.TCP);
        engine.start(BindingRequest.to(SERVER, Transport.TCP).from(tcpLocal), T0);
        assertEquals(1, drainTransmits().size());
        assertEquals(T0 + 39_500 * MS, engine.pollTimeout());
        engine.handleTimeout(T0 + 39_500 * MS);
        assertTrue(drainTransmits().isEmpty());
        BindingTimeout t = assertInstanceOf(BindingTimeout.class, drainEvents().get(0));
        assertEquals(1, t.requestsSent());
    }

    @Test
    void overTcpOnlyTheRequestsConnectionMayAnswer() {
        TransportAddress tcpLocal = TransportAddress.of(addr("10.0.0.2", 41000), Transport.TCP);
        Transmit sent = sendOne(BindingRequest.to(SERVER, Transport.TCP).from(tcpLocal), T0);
        TransactionId id = TestResponses.idOf(sent.payload());
        engine.handleDatagram(tcpLocal, SERVER_OTHER, TestResponses.success(id, addr("6.6.6.6", 6)), T0 + MS);
        engine.handleDatagram(LOCAL, SERVER, TestResponses.success(id, addr("6.6.6.6", 6)), T0 + MS);
        assertTrue(drainEvents().isEmpty());
        assertEquals(2, engine.stats().unmatched());
        engine.handleDatagram(tcpLocal, SERVER, TestResponses.success(id, MAPPED), T0 + 2 * MS);
        assertEquals(MAPPED, assertInstanceOf(BindingResult.class, drainEvents().get(0)).mappedAddress());
    }

    @Test
    void aClosedConnectionFailsItsTransactionsOnly() {
        TransportAddress tcpA = TransportAddress.of(addr("10.0.0.2", 41000), Transport.TCP);
        TransportAddress tcpB = TransportAddress.of(addr("10.0.0.2", 41001), Transport.TCP);
        TransactionId a = engine.start(BindingRequest.to(SERVER, Transport.TCP).from(tcpA), T0);
        engine.start(BindingRequest.to(SERVER, Transport.TCP).from(tcpB), T0);
        engine.start(BindingRequest.to(SERVER), T0);
        drainTransmits();
        engine.handleConnectionClosed(tcpA, SERVER, T0 + 5 * MS);
        List<BindingEvent> events = drainEvents();
        assertEquals(1, events.size());
        BindingFailure f = assertInstanceOf(BindingFailure.class, events.get(0));
        assertEquals(a, f.transactionId());
        assertEquals(2, engine.outstanding());
    }

    @Test
    void tracksWhichConnectionsAreOpen() {
        TransportAddress tcpA = TransportAddress.of(addr("10.0.0.2", 41000), Transport.TCP);
        assertFalse(engine.isConnectionOpen(tcpA, SERVER));
        engine.handleConnectionOpened(tcpA, SERVER, T0);
        assertTrue(engine.isConnectionOpen(tcpA, SERVER));
        assertFalse(engine.isConnectionOpen(tcpA, SERVER_OTHER));
        engine.handleConnectionClosed(tcpA, SERVER, T0);
        assertFalse(engine.isConnectionOpen(tcpA, SERVER));
    }

    @Test
    void cancelEndsATransactionSilently() {
        TransactionId id = engine.start(BindingRequest.to(SERVER), T0);
        drainTransmits();
        assertTrue(engine.cancel(id));
        assertFalse(engine.cancel(id));
        assertEquals(Engine.NO_TIMEOUT, engine.pollTimeout());
        engine.handleTimeout(T0 + 40_000 * MS);
        assertNull(engine.pollTransmit());
        assertNull(engine.pollEvent());
    }

    @Test
    void theOutstandingCapIsEnforced() {
        BindingClientEngine small = new BindingClientEngine(RetransmissionPolicy.DEFAULT, 2);
        small.start(BindingRequest.to(SERVER), T0);
        small.start(BindingRequest.to(SERVER), T0);
        assertThrows(IllegalStateException.class, () -> small.start(BindingRequest.to(SERVER), T0));
        assertEquals(2, small.outstanding());
    }

    @Test
    void transactionIdsAreUniqueAcrossManyRequests() {
        BindingClientEngine big = new BindingClientEngine(RetransmissionPolicy.DEFAULT, 5000);
        java.util.Set<TransactionId> seen = new java.util.HashSet<>();
        for (int i = 0; i < 5000; i++) {
            assertTrue(seen.add(big.start(BindingRequest.to(SERVER), T0)), "duplicate transaction id");
        }
    }

    @Test
    void transactionIdsAreFreshPerRequest() {
        TransactionId a = engine.start(BindingRequest.to(SERVER), T0);
        TransactionId b = engine.start(BindingRequest.to(SERVER), T0);
        assertFalse(a.equals(b));
        assertNotNull(a);
        assertArrayEquals(a.toBytes(), TestResponses.idOf(drainTransmits().get(0).payload()).toBytes());
    }
}
