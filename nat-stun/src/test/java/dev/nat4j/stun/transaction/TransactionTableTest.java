package dev.nat4j.stun.transaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.nat4j.core.Engine;
import dev.nat4j.core.Transport;
import dev.nat4j.stun.MessageClass;
import dev.nat4j.stun.StunMessage;
import dev.nat4j.stun.StunMethod;
import dev.nat4j.stun.StunWriter;
import dev.nat4j.stun.TransactionId;

class TransactionTableTest {
    private static final long MS = 1_000_000L;
    private static final InetSocketAddress SERVER = new InetSocketAddress("127.0.0.1", 3478);

    private static ByteBuffer request(TransactionId id) {
        return new StunWriter(ByteBuffer.allocate(64)).start(StunMethod.BINDING, MessageClass.REQUEST, id).finish();
    }

    private static ByteBuffer response(TransactionId id) {
        return new StunWriter(ByteBuffer.allocate(64))
                .start(StunMethod.BINDING, MessageClass.SUCCESS_RESPONSE, id).finish();
    }

    /** Runs the table on virtual time until it is idle; returns the send times in ms and the timeout time. */
    private static List<Long> runToTimeout(TransactionTable table, long start) {
        List<Long> events = new ArrayList<>();
        long now = start;
        while (true) {
            while (table.pollTransmit() != null) {
                events.add((now - start) / MS);
            }
            if (table.pollTimedOut() != null) {
                events.add(-(now - start) / MS);
                return events;
            }
            long next = table.pollTimeout();
            assertNotNull(next == Engine.NO_TIMEOUT ? null : next, "table went idle without a timeout");
            now = next;
            table.handleTimeout(now);
        }
    }

    @Test
    void udpFollowsTheRfc8489Schedule() {
        TransactionTable table = new TransactionTable(RetransmissionPolicy.DEFAULT, 8);
        long start = 123_456_789L;
        table.start(request(TransactionId.random()), null, SERVER, Transport.UDP, null, start);
        // sends at 0, 500, 1500, 3500, 7500, 15500, 31500 ms; timed out at 39500 ms (negative marks the timeout)
        assertEquals(List.of(0L, 500L, 1500L, 3500L, 7500L, 15500L, 31500L, -39500L), runToTimeout(table, start));
        assertEquals(0, table.size());
    }

    @Test
    void tcpSendsOnceAndTimesOutAfterTi() {
        TransactionTable table = new TransactionTable(RetransmissionPolicy.DEFAULT, 8);
        table.start(request(TransactionId.random()), null, SERVER, Transport.TCP, null, 0);
        assertEquals(List.of(0L, -39500L), runToTimeout(table, 0));
    }

    @Test
    void customPolicyIsHonoured() {
        RetransmissionPolicy p = new RetransmissionPolicy(Duration.ofMillis(100), 3, 4, Duration.ofSeconds(2));
        TransactionTable table = new TransactionTable(p, 8);
        table.start(request(TransactionId.random()), null, SERVER, Transport.UDP, null, 0);
        assertEquals(List.of(0L, 100L, 300L, -700L), runToTimeout(table, 0));
    }

    @Test
    void responseMatchesByTransactionIdAndStopsRetransmission() {
        TransactionTable table = new TransactionTable(RetransmissionPolicy.DEFAULT, 8);
        TransactionId id = TransactionId.random();
        ClientTransaction t = table.start(request(id), null, SERVER, Transport.UDP, "tag", 0);
        assertNotNull(table.pollTransmit());
        assertNull(table.match(StunMessage.parse(response(TransactionId.random()))), "foreign id must not match");
        assertSame(t, table.match(StunMessage.parse(response(id))));
        assertEquals("tag", t.tag());
        assertEquals(20 * MS, t.rttNanos(20 * MS));
        assertEquals(Engine.NO_TIMEOUT, table.pollTimeout());
        assertNull(table.match(StunMessage.parse(response(id))), "a duplicate response matches nothing");
    }

    @Test
    void rttIsUnknownAfterARetransmission() {
        TransactionTable table = new TransactionTable(RetransmissionPolicy.DEFAULT, 8);
        TransactionId id = TransactionId.random();
        ClientTransaction t = table.start(request(id), null, SERVER, Transport.UDP, null, 0);
        table.handleTimeout(500 * MS);
        assertSame(t, table.match(StunMessage.parse(response(id))));
        assertEquals(-1, t.rttNanos(600 * MS));
    }

    @Test
    void requestsAreNotMatchedAsResponsesAndNonRequestsCannotStart() {
        TransactionTable table = new TransactionTable(RetransmissionPolicy.DEFAULT, 8);
        TransactionId id = TransactionId.random();
        table.start(request(id), null, SERVER, Transport.UDP, null, 0);
        assertNull(table.match(StunMessage.parse(request(id))));
        assertThrows(IllegalArgumentException.class,
                () -> table.start(response(TransactionId.random()), null, SERVER, Transport.UDP, null, 0));
        assertThrows(IllegalArgumentException.class,
                () -> table.start(ByteBuffer.wrap(new byte[] {1, 2, 3}), null, SERVER, Transport.UDP, null, 0));
    }

    @Test
    void outstandingTransactionsAreCapped() {
        TransactionTable table = new TransactionTable(RetransmissionPolicy.DEFAULT, 2);
        table.start(request(TransactionId.random()), null, SERVER, Transport.UDP, null, 0);
        table.start(request(TransactionId.random()), null, SERVER, Transport.UDP, null, 0);
        assertThrows(IllegalStateException.class,
                () -> table.start(request(TransactionId.random()), null, SERVER, Transport.UDP, null, 0));
    }

    @Test
    void cancelledTransactionsNeitherResendNorTimeOut() {
        TransactionTable table = new TransactionTable(RetransmissionPolicy.DEFAULT, 8);
        ClientTransaction t = table.start(request(TransactionId.random()), null, SERVER, Transport.UDP, null, 0);
        table.pollTransmit();
        table.cancel(t);
        table.handleTimeout(60_000 * MS);
        assertNull(table.pollTransmit());
        assertNull(table.pollTimedOut());
    }

    @Test
    void aStalledCallerGetsOneResendNotABurst() {
        TransactionTable table = new TransactionTable(RetransmissionPolicy.DEFAULT, 8);
        table.start(request(TransactionId.random()), null, SERVER, Transport.UDP, null, 0);
        table.pollTransmit();
        long late = 20_000 * MS; // four scheduled resends were missed
        table.handleTimeout(late);
        assertNotNull(table.pollTransmit());
        assertNull(table.pollTransmit());
        assertEquals(late + 500 * MS, table.pollTimeout(), "next resend is one RTO from now, not in the past");
    }

    @Test
    void transactionIdsAreUniqueAcrossManyRequests() {
        Set<TransactionId> seen = new HashSet<>();
        for (int i = 0; i < 200_000; i++) {
            if (!seen.add(TransactionId.random())) {
                throw new AssertionError("duplicate transaction id after " + i);
            }
        }
    }
}
