package dev.nat4j.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @Test
    void everyUnit() {
        assertEquals(Duration.ofNanos(7), Durations.parse("7ns"));
        assertEquals(Duration.ofNanos(250_000), Durations.parse("250us"));
        assertEquals(Duration.ofMillis(500), Durations.parse("500ms"));
        assertEquals(Duration.ofMillis(1500), Durations.parse("1.5s"));
        assertEquals(Duration.ofMinutes(2), Durations.parse("2m"));
        assertEquals(Duration.ofHours(1), Durations.parse("1h"));
        assertEquals(Duration.ZERO, Durations.parse("0"));
        assertEquals(Duration.ZERO, Durations.parse("0s"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "5", "-1s", "1.s", "s", "5 s", "5sec", "1.5ns", "1e3ms", "99999999999999h"})
    void rejectsWithAMessageThatSaysWhatIsExpected(String text) {
        String message = assertThrows(IllegalArgumentException.class, () -> Durations.parse(text)).getMessage();
        assertFalse(message.isBlank(), message);
    }

    @Test
    void formatsForPeople() {
        assertEquals("850ms", Durations.format(Duration.ofMillis(850)));
        assertEquals("1.5s", Durations.format(Duration.ofMillis(1500)));
        assertEquals("39.5s", Durations.format(Duration.ofMillis(39_500)));
        assertEquals("2m 5s", Durations.format(Duration.ofSeconds(125)));
        assertEquals("2m", Durations.format(Duration.ofMinutes(2)));
        assertEquals("1h 1m", Durations.format(Duration.ofMinutes(61)));
        assertEquals("250us", Durations.format(Duration.ofNanos(250_000)));
    }

    @Property
    void formatParsesBackBelowOneMinute(@ForAll @LongRange(min = 0, max = 59_999_999_999L) long nanos) {
        Duration d = Duration.ofNanos(nanos);
        assertEquals(d, Durations.parse(Durations.format(d)));
    }
}
