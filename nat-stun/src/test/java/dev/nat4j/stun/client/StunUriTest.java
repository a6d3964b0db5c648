package dev.nat4j.stun.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.nat4j.core.Transport;

/** RFC 7064 STUN URIs and the host:port shorthand. */
class StunUriTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "stun:stun.example.org              | false | stun.example.org | 3478 | stun:stun.example.org:3478",
        "stuns:stun.example.org             | true  | stun.example.org | 5349 | stuns:stun.example.org:5349",
        "stun:stun.example.org:19302        | false | stun.example.org | 19302 | stun:stun.example.org:19302",
        "STUN:Stun.Example.ORG.             | false | stun.example.org. | 3478 | stun:stun.example.org.:3478",
        "StUnS:192.0.2.1:443                | true  | 192.0.2.1        | 443  | stuns:192.0.2.1:443",
        "stun:[2001:db8::1]                 | false | 2001:db8::1      | 3478 | stun:[2001:db8::1]:3478",
        "stuns:[::1]:5350                   | true  | ::1              | 5350 | stuns:[::1]:5350",
        "stun:localhost                     | false | localhost        | 3478 | stun:localhost:3478",
        "stun:a-b.c9.example:1              | false | a-b.c9.example   | 1    | stun:a-b.c9.example:1",
        "stun:x:65535                       | false | x                | 65535 | stun:x:65535",
        "192.0.2.1:3478                     | false | 192.0.2.1        | 3478 | stun:192.0.2.1:3478",
        "stun.example.org:3479              | false | stun.example.org | 3479 | stun:stun.example.org:3479",
        "stun.example.org                   | false | stun.example.org | 3478 | stun:stun.example.org:3478",
        "[2001:db8::2]:3478                 | false | 2001:db8::2      | 3478 | stun:[2001:db8::2]:3478",
        "[::ffff:192.0.2.1]:3478            | false | ::ffff:192.0.2.1 | 3478 | stun:[::ffff:192.0.2.1]:3478",
        "127.0.0.1                          | false | 127.0.0.1        | 3478 | stun:127.0.0.1:3478",
    })
    void parsesValidForms(String text, boolean secure, String host, int port, String canonical) {
        StunUri u = StunUri.parse(text);
        assertEquals(secure, u.secure());
        assertEquals(host, u.host());
        assertEquals(port, u.port());
        assertEquals(canonical, u.toString());
        assertEquals(u, StunUri.parse(u.toString()), "canonical form parses back to an equal URI");
        assertEquals(secure ? Transport.TLS : Transport.UDP, u.defaultTransport());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "''                               | empty",
        "stun:                            | missing host",
        "stuns:                           | missing host",
        "stun://stun.example.org          | no '//'",
        "stun:stun.example.org?transport=udp | query",
        "stun:host#frag                   | fragment",
        "stun:user@host                   | user information",
        "stun:host/path                   | path",
        "stun:host:                       | empty port",
        "host:                            | empty port",
        "stun:host:0                      | out of range",
        "stun:host:65536                  | out of range",
        "stun:host:99999999999            | not a number",
        "stun:host:-1                     | not a number",
        "stun:host:12a                    | not a number",
        "stun:2001:db8::1                 | brackets",
        "2001:db8::1                      | brackets",
        "::1                              | brackets",
        "stun:[2001:db8::1                | missing ']'",
        "stun:[2001:db8::1]x              | expected ':port'",
        "stun:[]                          | empty IPv6",
        "stun:[192.0.2.1]                 | not an IPv6",
        "stun:[fe80::1%25eth0]            | zone",
        "stun:[v1.abc]                    | IPvFuture",
        "stun:[::g]                       | not an IPv6",
        "stun:[1::2::3]                   | not an IPv6",
        "turn:turn.example.org            | unsupported scheme 'turn'",
        "turns:host:5349                  | unsupported scheme",
        "http://example.org               | unsupported scheme 'http'",
        "stun:exa_mple.org                | character '_'",
        "stun:-bad.example                | not a host name",
        "stun:bad-.example                | not a host name",
        "stun:a..b                        | not a host name",
        "stun:3478                        | not an IPv4 address or host name",
        "stun:1.2.3                       | not an IPv4 address or host name",
        "stun:1.2.3.256                   | not an IPv4 address or host name",
        "stun:01.2.3.4                    | not an IPv4 address or host name",
        "stun:h%41st                      | percent-encoded",
        "'stun: host'                     | space",
        "stun:hóst                        | non-ASCII",
    })
    void rejectsJunkWithAClearMessage(String text, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StunUri.parse(text));
        assertTrue(e.getMessage().contains(expected), () -> "message '" + e.getMessage() + "' lacks '" + expected + "'");
    }

    @Test
    void nullIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> StunUri.parse(null));
    }

    @Test
    void tooLongNamesAreRejected() {
        String label = "a".repeat(64);
        assertThrows(IllegalArgumentException.class, () -> StunUri.parse("stun:" + label + ".example"));
        String longName = ("a".repeat(60) + ".").repeat(5) + "org";
        assertThrows(IllegalArgumentException.class, () -> StunUri.parse("stun:" + longName));
    }

    @ParameterizedTest
    @ValueSource(strings = {"stun:192.0.2.1:3478", "stun:[2001:db8::1]:3478", "stuns:[::1]"})
    void literalsResolveWithoutDns(String text) throws UnknownHostException {
        StunUri u = StunUri.parse(text);
        assertTrue(u.isIpLiteral());
        InetSocketAddress a = u.resolve();
        assertFalse(a.isUnresolved());
        assertEquals(u.port(), a.getPort());
        assertEquals(1, u.resolveAll().size());
    }

    @Test
    void namesResolveWithTheJdkResolver() throws UnknownHostException {
        StunUri u = StunUri.parse("stun:localhost:3478");
        assertFalse(u.isIpLiteral());
        for (InetSocketAddress a : u.resolveAll()) {
            assertTrue(a.getAddress().isLoopbackAddress(), a.toString());
            assertEquals(3478, a.getPort());
        }
    }

    @Test
    void anUnresolvableNameFailsOnlyWhenUsed() {
        StunUri u = StunUri.parse("stun:does-not-exist.invalid"); // RFC 6761: .invalid never resolves
        assertThrows(UnknownHostException.class, u::resolve);
    }

    @Test
    void ofBuildsAUriFromAnAddress() throws Exception {
        StunUri u = StunUri.of(new InetSocketAddress(InetAddress.getByName("::1"), 5349), true);
        assertEquals(StunUri.parse("stuns:[::1]"), u);
        assertEquals(u, StunUri.parse(u.toString()));
        assertEquals(new InetSocketAddress(InetAddress.getByName("::1"), 5349), u.resolve());
        assertThrows(IllegalArgumentException.class,
                () -> StunUri.of(InetSocketAddress.createUnresolved("x", 1), false));
    }

    @Test
    void equalityIgnoresCaseOfSchemeAndHost() {
        assertEquals(StunUri.parse("STUN:EXAMPLE.org"), StunUri.parse("stun:example.ORG:3478"));
        assertEquals(StunUri.parse("stun:[2001:DB8::1]"), StunUri.parse("stun:[2001:db8:0::1]:3478"));
        assertFalse(StunUri.parse("stun:example.org").equals(StunUri.parse("stuns:example.org:3478")));
    }
}
