package dev.nat4j.core.internal.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class EventLoopTest {

    @Test
    void selectTimeoutsRoundUpAndNeverWrap() {
        assertEquals(1, EventLoop.ceilMillis(1));
        assertEquals(1, EventLoop.ceilMillis(1_000_000));
        assertEquals(2, EventLoop.ceilMillis(1_000_001));
        assertEquals(50, EventLoop.ceilMillis(50_000_000));
        // A deadline far in the future (or one whose distance overflowed) waits long, never "1 ms forever".
        assertEquals(Long.MAX_VALUE / 1_000_000, EventLoop.ceilMillis(Long.MAX_VALUE));
        assertEquals(Long.MAX_VALUE / 1_000_000, EventLoop.ceilMillis(Long.MAX_VALUE - 10));
        assertEquals(Long.MAX_VALUE / 1_000_000, EventLoop.ceilMillis((Long.MAX_VALUE - 1) - (-5_000_000_000L)));
    }
}
