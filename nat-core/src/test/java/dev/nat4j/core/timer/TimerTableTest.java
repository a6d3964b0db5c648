package dev.nat4j.core.timer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TimerTableTest {
    private static final int RETRANSMIT = 0;
    private static final int KEEPALIVE = 1;
    private static final int GIVE_UP = 2;

    @Test
    void emptyTableHasNoDeadline() {
        TimerTable t = new TimerTable(3);
        assertEquals(TimerTable.UNSET, t.earliest());
        assertEquals(Long.MAX_VALUE, t.earliest(), "same value as Engine.NO_TIMEOUT");
        assertEquals(-1, t.earliestSlot());
        assertEquals(-1, t.pollDue(Long.MAX_VALUE - 1));
    }

    @Test
    void earliestFollowsSetAndCancel() {
        TimerTable t = new TimerTable(3);
        t.set(KEEPALIVE, 15_000);
        t.set(RETRANSMIT, 500);
        t.set(GIVE_UP, 39_500);
        assertEquals(500, t.earliest());
        assertEquals(RETRANSMIT, t.earliestSlot());
        t.cancel(RETRANSMIT);
        assertFalse(t.isSet(RETRANSMIT));
        assertEquals(15_000, t.earliest());
        t.set(GIVE_UP, 100); // re-arming replaces
        assertEquals(100, t.earliest());
        assertEquals(GIVE_UP, t.earliestSlot());
        t.cancelAll();
        assertEquals(TimerTable.UNSET, t.earliest());
    }

    @Test
    void pollDueTakesDueTimersInDeadlineOrderAndDisarmsThem() {
        TimerTable t = new TimerTable(3);
        t.set(GIVE_UP, 300);
        t.set(RETRANSMIT, 100);
        t.set(KEEPALIVE, 200);
        assertEquals(-1, t.pollDue(99));
        assertTrue(t.isDue(RETRANSMIT, 100));
        assertFalse(t.isDue(KEEPALIVE, 100));
        assertEquals(RETRANSMIT, t.pollDue(250));
        assertEquals(KEEPALIVE, t.pollDue(250));
        assertEquals(-1, t.pollDue(250));
        assertFalse(t.isSet(RETRANSMIT));
        assertEquals(300, t.earliest());
        assertEquals(GIVE_UP, t.pollDue(300));
        assertEquals(TimerTable.UNSET, t.earliest());
    }

    @Test
    void negativeNanoTimeValuesWork() {
        // System.nanoTime() may be negative; deadlines are plain comparisons.
        TimerTable t = new TimerTable(2);
        long now = -5_000_000_000L;
        t.set(0, now + 1_000);
        t.set(1, now + 10);
        assertEquals(now + 10, t.earliest());
        assertEquals(-1, t.pollDue(now));
        assertEquals(1, t.pollDue(now + 10));
    }

    @Test
    void aStunRetransmissionScheduleRunsOnExplicitTime() {
        // RFC 8489 §6.2.1 with RTO 500 ms and Rc 7: sends at 0, 500, 1500, 3500, 7500, 15500, 31500, gives up at 39500.
        long ms = 1_000_000;
        TimerTable t = new TimerTable(1);
        long start = 42 * ms;
        long rto = 500 * ms;
        int sends = 1;
        t.set(0, start + rto);
        long[] sentAt = new long[7];
        sentAt[0] = 0;
        long interval = rto;
        long now = start;
        while (t.earliest() != TimerTable.UNSET) {
            now = t.earliest();
            assertEquals(0, t.pollDue(now));
            if (sends < 7) {
                sentAt[sends++] = (now - start) / ms;
                interval *= 2;
                t.set(0, sends < 7 ? now + interval : now + 16 * rto);
            }
        }
        assertEquals(39_500, (now - start) / ms);
        assertEquals("[0, 500, 1500, 3500, 7500, 15500, 31500]", java.util.Arrays.toString(sentAt));
    }

    @Test
    void sizeMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new TimerTable(0));
        assertEquals(4, new TimerTable(4).size());
    }

    @Test
    void pollingAllocatesNothing() {
        TimerTable t = new TimerTable(8);
        long before = allocatedBytes();
        long sum = 0;
        for (int i = 0; i < 100_000; i++) {
            t.set(i & 7, i);
            sum += t.earliest();
            sum += t.pollDue(i);
            t.cancel((i + 3) & 7);
        }
        long after = allocatedBytes();
        assertTrue(sum != 42);
        if (before >= 0) {
            assertTrue(after - before < 16_384, "allocated " + (after - before) + " bytes");
        }
    }

    static long allocatedBytes() {
        return dev.nat4j.core.AllocationMeter.allocatedBytes();
    }
}
