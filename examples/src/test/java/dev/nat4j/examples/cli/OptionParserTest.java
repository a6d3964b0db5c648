package dev.nat4j.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

class OptionParserTest {
    static final Option LISTEN = Option.value("listen", "IP:PORT", "address to listen on").asRequired();
    static final Option PEER = Option.value("peer", "IP:PORT", "a peer").asRepeatable();
    static final Option COUNT = Option.value("count", "N", "how many").withDefault("3").withShortName('n');
    static final Option TIMEOUT = Option.value("timeout", "DURATION", "give up after");
    static final Option OFFSET = Option.value("offset", "N", "signed offset");
    static final Option LOCAL = Option.value("local", "IP", "local address");
    static final Option JSON = Option.flag("json", "JSON output");
    static final List<Option> ALL = List.of(LISTEN, PEER, COUNT, TIMEOUT, OFFSET, LOCAL, JSON);

    private static ParsedOptions parse(String... args) {
        return OptionParser.parse(ALL, false, List.of(args));
    }

    private static String usageError(String... args) {
        return assertThrows(UsageException.class, () -> parse(args)).getMessage();
    }

    @Test
    void spaceAndEqualsFormsGiveTheSameValue() {
        assertEquals("127.0.0.1:1", parse("--listen", "127.0.0.1:1").get(LISTEN));
        assertEquals("127.0.0.1:1", parse("--listen=127.0.0.1:1").get(LISTEN));
    }

    @Test
    void equalsFormTakesValuesThatLookLikeOptions() {
        ParsedOptions o = parse("--listen=127.0.0.1:1", "--local=--odd");
        assertEquals("--odd", o.get(LOCAL));
    }

    @Test
    void negativeNumberIsAValueNotAnOption() {
        assertEquals(-5, parse("--listen", "127.0.0.1:1", "--offset", "-5").getInt(OFFSET, -10, 10));
    }

    @Test
    void flagsAreFalseUntilGiven() {
        assertFalse(parse("--listen", "127.0.0.1:1").has(JSON));
        assertTrue(parse("--json", "--listen", "127.0.0.1:1").has(JSON));
    }

    @Test
    void repeatableOptionKeepsEveryValueInOrder() {
        ParsedOptions o = parse("--listen", "127.0.0.1:1", "--peer", "127.0.0.1:2", "--peer=[::1]:3");
        assertEquals(List.of("127.0.0.1:2", "[::1]:3"), o.getAll(PEER));
        assertEquals(List.of(new InetSocketAddress("127.0.0.1", 2), new InetSocketAddress("::1", 3)),
                o.getSocketAddresses(PEER));
    }

    @Test
    void nonRepeatableOptionGivenTwiceIsAnError() {
        assertEquals("--listen given more than once", usageError("--listen", "127.0.0.1:1", "--listen", "127.0.0.1:2"));
    }

    @Test
    void missingRequiredOptionIsNamed() {
        assertEquals("missing required option --listen IP:PORT", usageError("--json"));
    }

    @Test
    void defaultAppliesOnlyWhenAbsentAndDoesNotCountAsGiven() {
        ParsedOptions absent = parse("--listen", "127.0.0.1:1");
        assertEquals(3, absent.getInt(COUNT, 1, 10));
        assertFalse(absent.has(COUNT));
        assertEquals(List.of("3"), absent.getAll(COUNT));
        assertEquals(7, parse("--listen", "127.0.0.1:1", "-n", "7").getInt(COUNT, 1, 10));
    }

    @Test
    void absentOptionWithoutDefaultReadsAsNull() {
        ParsedOptions o = parse("--listen", "127.0.0.1:1");
        assertNull(o.get(TIMEOUT));
        assertNull(o.getDuration(TIMEOUT));
        assertNull(o.getIp(LOCAL));
        assertEquals(List.of(), o.getAll(PEER));
        assertThrows(IllegalStateException.class, () -> o.getInt(OFFSET, 0, 1), "primitive needs a value");
    }

    @Test
    void unknownOptionIsNamedWithASuggestion() {
        assertEquals("unknown option --lisen (did you mean --listen?)", usageError("--lisen", "x"));
        assertEquals("unknown option --zzz", usageError("--zzz"));
        assertEquals("unknown option -q", usageError("-q"));
    }

    @Test
    void valueMissingAtTheEndOrBeforeAnotherOption() {
        assertEquals("--listen needs a value (IP:PORT)", usageError("--listen"));
        assertEquals("--listen needs a value (IP:PORT)", usageError("--listen", "--json"));
    }

    @Test
    void flagWithValueIsAnError() {
        assertEquals("--json is a flag and takes no value", usageError("--listen", "127.0.0.1:1", "--json=yes"));
    }

    @Test
    void positionalsRejectedUnlessAccepted() {
        assertEquals("unexpected argument 'extra'", usageError("--listen", "127.0.0.1:1", "extra"));
        ParsedOptions o = OptionParser.parse(ALL, true, List.of("a", "--listen", "127.0.0.1:1", "--", "--json", "-"));
        assertEquals(List.of("a", "--json", "-"), o.positionals());
        assertFalse(o.has(JSON));
    }

    @Test
    void intRangeErrorsNameTheOption() {
        String notNumber = assertThrows(UsageException.class,
                () -> parse("--listen", "127.0.0.1:1", "--count", "many").getInt(COUNT, 1, 10)).getMessage();
        assertEquals("--count: expected an integer in 1..10, got 'many'", notNumber);
        String outOfRange = assertThrows(UsageException.class,
                () -> parse("--listen", "127.0.0.1:1", "--count", "11").getInt(COUNT, 1, 10)).getMessage();
        assertEquals("--count: 11 is out of range 1..10", outOfRange);
        assertEquals(1, parse("--listen", "127.0.0.1:1", "--count", "1").getInt(COUNT, 1, 10));
        assertEquals(10, parse("--listen", "127.0.0.1:1", "--count", "10").getInt(COUNT, 1, 10));
    }

    @Test
    void socketAddressesParseOrNameTheOption() {
        ParsedOptions good = parse("--listen", "[::1]:3478");
        assertEquals(new InetSocketAddress("::1", 3478), good.getSocketAddress(LISTEN));
        ParsedOptions noPort = parse("--listen", "127.0.0.1");
        assertEquals(new InetSocketAddress("127.0.0.1", 3478), noPort.getSocketAddress(LISTEN, 3478));
        String bad = assertThrows(UsageException.class,
                () -> parse("--listen", "127.0.0.1:99999").getSocketAddress(LISTEN)).getMessage();
        assertTrue(bad.startsWith("--listen: expected IP:PORT"), bad);
        assertTrue(bad.contains("'127.0.0.1:99999'"), bad);
        assertThrows(UsageException.class, () -> noPort.getSocketAddress(LISTEN));
    }

    @Test
    void ipAcceptsBracketedAndPlainLiterals() throws Exception {
        assertEquals(InetAddress.getByName("::1"), parse("--listen", "127.0.0.1:1", "--local", "[::1]").getIp(LOCAL));
        assertEquals(InetAddress.getByName("127.0.0.2"),
                parse("--listen", "127.0.0.1:1", "--local", "127.0.0.2").getIp(LOCAL));
    }

    @Test
    void durationsParseOrNameTheOption() {
        ParsedOptions o = parse("--listen", "127.0.0.1:1", "--timeout", "500ms");
        assertEquals(Duration.ofMillis(500), o.getDuration(TIMEOUT));
        assertEquals(Duration.ofMillis(500), o.getDuration(TIMEOUT, Duration.ZERO, Duration.ofSeconds(1)));
        String range = assertThrows(UsageException.class,
                () -> o.getDuration(TIMEOUT, Duration.ofSeconds(1), Duration.ofSeconds(5))).getMessage();
        assertEquals("--timeout: 500ms is out of range 1s..5s", range);
        String bad = assertThrows(UsageException.class,
                () -> parse("--listen", "127.0.0.1:1", "--timeout", "5").getDuration(TIMEOUT)).getMessage();
        assertTrue(bad.startsWith("--timeout: expected a duration"), bad);
    }

    @Test
    void customConverterErrorsNameTheOption() {
        ParsedOptions o = parse("--listen", "127.0.0.1:1", "--local", "sideways");
        String message = assertThrows(UsageException.class,
                () -> o.get(LOCAL, s -> Direction.valueOf(s.toUpperCase()), "one of up, down")).getMessage();
        assertTrue(message.startsWith("--local: expected one of up, down, got 'sideways'"), message);
    }

    enum Direction { UP, DOWN }

    @Test
    void readingAnUndeclaredOptionIsAProgrammingError() {
        Option other = Option.flag("other", "not declared");
        assertThrows(IllegalArgumentException.class, () -> parse("--listen", "127.0.0.1:1").has(other));
    }

    @Test
    void declarationsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> Option.flag("Bad_Name", "x"));
        assertThrows(IllegalArgumentException.class, () -> Option.value("a", "V", "x").asRequired().withDefault("1"));
        assertThrows(IllegalArgumentException.class,
                () -> OptionParser.parse(List.of(JSON, Option.flag("json", "again")), false, List.of()));
    }
}
