package dev.nat4j.stun.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.AbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/** A flood of bad input becomes at most one debug line per second per kind, on the caller's clock. */
class RateLimitedLogTest {
    private static final long SECOND = 1_000_000_000L;
    private static final InetSocketAddress FROM = new InetSocketAddress("198.51.100.7", 4000);

    /** Keeps every formatted line; debug can be switched off. */
    static final class CapturingLogger extends AbstractLogger {
        private static final long serialVersionUID = 1L;
        final List<String> lines = new ArrayList<>();
        boolean debug = true;

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] args,
                Throwable t) {
            lines.add(MessageFormatter.basicArrayFormat(pattern, args));
        }

        @Override public boolean isTraceEnabled() { return debug; }
        @Override public boolean isTraceEnabled(Marker marker) { return debug; }
        @Override public boolean isDebugEnabled() { return debug; }
        @Override public boolean isDebugEnabled(Marker marker) { return debug; }
        @Override public boolean isInfoEnabled() { return true; }
        @Override public boolean isInfoEnabled(Marker marker) { return true; }
        @Override public boolean isWarnEnabled() { return true; }
        @Override public boolean isWarnEnabled(Marker marker) { return true; }
        @Override public boolean isErrorEnabled() { return true; }
        @Override public boolean isErrorEnabled(Marker marker) { return true; }
    }

    @Test
    void aFloodIsOneLinePerSecondPerKindAndCountsWhatItHeldBack() {
        CapturingLogger logger = new CapturingLogger();
        RateLimitedLog log = new RateLimitedLog(logger, 2);
        long now = -5 * SECOND; // nanoTime may be negative
        for (int i = 0; i < 10_000; i++) { // 10 000 packets over 2.5 s, two kinds interleaved
            log.debug(i & 1, now, "dropped", FROM, "why");
            now += 250_000;
        }
        // kind 0 and kind 1 each log at 0 s, 1 s, 2 s
        assertEquals(6, logger.lines.size(), logger.lines.toString());
        assertEquals("dropped from 198.51.100.7:4000: why", logger.lines.get(0));
        assertTrue(logger.lines.get(2).endsWith("(1999 more like it since the last line not logged)"),
                logger.lines.get(2));
    }

    @Test
    void nothingIsFormattedWhenDebugIsOff() {
        CapturingLogger logger = new CapturingLogger();
        logger.debug = false;
        RateLimitedLog log = new RateLimitedLog(logger, 1);
        for (int i = 0; i < 100; i++) {
            log.debug(0, i * SECOND, "dropped", FROM, null);
        }
        assertEquals(0, logger.lines.size());
    }
}
