package dev.nat4j.core.timer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.LongConsumer;

import org.junit.jupiter.api.Test;

class TimerWheelTest {
    private static final long MS = 1_000_000L;

    private final List<Long> fired = new ArrayList<>();
    private final LongConsumer record = fired::add;

    @Test
    void firesAtTheDeadlineNotBefore() {
        TimerWheel w = new TimerWheel(16, 10 * MS, 0, 4);
        w.schedule(7, 35 * MS);
        assertEquals(0, w.expire(34 * MS, record));
        assertEquals(List.of(), fired);
        assertEquals(1, w.expire(35 * MS, record));
        assertEquals(List.of(7L), fired);
        assertEquals(0, w.size());
    }

    @Test
    void timersBeyondOneRevolutionWaitForTheirTurn() {
        TimerWheel w = new TimerWheel(4, 10 * MS, 0, 4); // one revolution = 40 ms
        w.schedule(1, 15 * MS);
        w.schedule(2, 55 * MS);  // same bucket as 15 ms, next revolution
        w.schedule(3, 1_000 * MS);
        w.expire(20 * MS, record);
        assertEquals(List.of(1L), fired);
        w.expire(54 * MS, record);
        assertEquals(List.of(1L), fired);
        w.expire(56 * MS, record);
        assertEquals(List.of(1L, 2L), fired);
        w.expire(999 * MS, record);
        assertEquals(List.of(1L, 2L), fired);
        // A jump of many revolutions visits each bucket once and still fires exactly the due ones.
        w.expire(5_000 * MS, record);
        assertEquals(List.of(1L, 2L, 3L), fired);
    }

    @Test
    void cancelIsExactAndStaleHandlesAreHarmless() {
        TimerWheel w = new TimerWheel(8, MS, 0, 1);
        long a = w.schedule(100, 5 * MS);
        assertTrue(w.isScheduled(a));
        assertEquals(5 * MS, w.deadline(a));
        assertTrue(w.cancel(a));
        assertFalse(w.cancel(a));
        // The freed entry is reused; the old handle must not touch the new timer.
        long b = w.schedule(200, 6 * MS);
        assertNotEquals(a, b);
        assertFalse(w.cancel(a));
        assertFalse(w.isScheduled(a));
        assertTrue(w.isScheduled(b));
        w.expire(10 * MS, record);
        assertEquals(List.of(200L), fired);
        assertFalse(w.cancel(b), "fired timers cannot be cancelled");
        assertFalse(w.cancel(TimerWheel.NO_HANDLE));
        assertFalse(w.cancel(Long.MAX_VALUE));
    }

    @Test
    void pastDeadlinesFireOnTheNextExpire() {
        TimerWheel w = new TimerWheel(8, MS, 0, 4);
        w.expire(100 * MS, record);
        w.schedule(9, 3 * MS);
        w.expire(100 * MS, record);
        assertEquals(List.of(9L), fired);
    }

    @Test
    void timeNeverRunsBackwards() {
        TimerWheel w = new TimerWheel(8, MS, 0, 4);
        w.expire(50 * MS, record);
        w.schedule(1, 52 * MS);
        assertEquals(0, w.expire(10 * MS, record));
        assertEquals(1, w.expire(52 * MS, record));
    }

    @Test
    void callbackMayScheduleAndCancel() {
        TimerWheel w = new TimerWheel(8, MS, 0, 2);
        long[] victim = new long[1];
        w.schedule(1, 2 * MS);
        victim[0] = w.schedule(2, 2 * MS);
        w.schedule(3, 2 * MS);
        LongConsumer reschedule = id -> {
            fired.add(id);
            if (id == 1 || id == 3) {
                w.cancel(victim[0]);
                w.schedule(id + 10, 20 * MS);
            }
        };
        w.expire(2 * MS, reschedule);
        assertFalse(fired.contains(2L), "cancelled from inside the callback: " + fired);
        assertEquals(2, fired.size());
        w.expire(20 * MS, record);
        assertEquals(4, fired.size());
        assertTrue(fired.containsAll(List.of(1L, 3L, 11L, 13L)));
        assertEquals(0, w.size());
    }

    @Test
    void growsBeyondItsInitialCapacity() {
        TimerWheel w = new TimerWheel(64, MS, 0, 2);
        for (int i = 0; i < 1000; i++) {
            w.schedule(i, (i % 97) * MS);
        }
        assertEquals(1000, w.size());
        assertTrue(w.capacity() >= 1000);
        assertEquals(1000, w.expire(100 * MS, record));
        assertEquals(1000, fired.size());
    }

    @Test
    void matchesAReferenceModelUnderRandomOperations() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        TimerWheel w = new TimerWheel(32, 3 * MS, -7 * MS, 4);
        Map<Long, Long> model = new HashMap<>();     // id -> deadline
        Map<Long, Long> handles = new HashMap<>();   // id -> handle
        long now = -7 * MS;
        long nextId = 0;
        for (int step = 0; step < 20_000; step++) {
            int op = random.nextInt(10);
            if (op < 5) {
                long id = nextId++;
                long deadline = now + (long) (random.nextDouble() * 400 * MS) - 5 * MS;
                handles.put(id, w.schedule(id, deadline));
                model.put(id, deadline);
            } else if (op < 7 && !handles.isEmpty()) {
                Long id = handles.keySet().iterator().next();
                assertEquals(model.containsKey(id), w.cancel(handles.remove(id)), "seed " + seed);
                model.remove(id);
            } else {
                now += (long) (random.nextDouble() * 20 * MS);
                List<Long> got = new ArrayList<>();
                w.expire(now, got::add);
                for (long id : got) {
                    Long deadline = model.remove(id);
                    assertTrue(deadline != null && deadline <= now, "seed " + seed + ": fired " + id + " early");
                    handles.remove(id);
                }
                // Nothing due may be left behind.
                for (Map.Entry<Long, Long> e : model.entrySet()) {
                    assertTrue(e.getValue() > now, "seed " + seed + ": " + e.getKey() + " overdue");
                }
            }
            assertEquals(model.size(), w.size(), "seed " + seed);
        }
    }

    @Test
    void steadyStateAllocatesNothing() {
        TimerWheel w = new TimerWheel(256, MS, 0, 4096);
        LongConsumer sink = id -> { };
        long now = 0;
        for (int i = 0; i < 2_000; i++) { // warm up: reach the steady-state size
            w.schedule(i, now + (i % 200) * MS);
        }
        long before = TimerTableTest.allocatedBytes();
        for (int i = 0; i < 200_000; i++) {
            long h = w.schedule(i, now + (i % 200) * MS);
            if ((i & 3) == 0) {
                w.cancel(h);
            }
            now += MS / 4;
            w.expire(now, sink);
        }
        long after = TimerTableTest.allocatedBytes();
        if (before >= 0) {
            assertTrue(after - before < 16_384, "allocated " + (after - before) + " bytes");
        }
    }

    @Test
    void nextTickAtBoundsTheWakeUp() {
        TimerWheel w = new TimerWheel(8, 10 * MS, 5 * MS, 4);
        assertEquals(Long.MAX_VALUE, w.nextTickAt());
        w.schedule(1, 100 * MS);
        assertEquals(15 * MS, w.nextTickAt());
        w.expire(27 * MS, record);
        assertEquals(35 * MS, w.nextTickAt());
    }

    @Test
    void rejectsBadConfiguration() {
        assertThrows(IllegalArgumentException.class, () -> new TimerWheel(0, MS, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new TimerWheel(8, 0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new TimerWheel(8, MS, 0, 0));
    }
}
