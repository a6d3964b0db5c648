package dev.nat4j.turn.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import dev.nat4j.core.Transport;

/** RFC 7065 TURN URIs: schemes, default ports, the transport parameter, and what is refused. */
class TurnUriTest {

    @ParameterizedTest
    @CsvSource({
            "turn:turn.example.org, turn.example.org, 3478, UDP",
            "turn:turn.example.org?transport=udp, turn.example.org, 3478, UDP",
            "turn:192.0.2.1:3479?transport=tcp, 192.0.2.1, 3479, TCP",
            "turns:turn.example.org, turn.example.org, 5349, TLS",
            "turns:[2001:db8::1]:443?transport=tcp, 2001:db8::1, 443, TLS",
            "TURN:Example.ORG?TRANSPORT=TCP, example.org, 3478, TCP"
    })
    void parsesSchemePortAndTransport(String text, String host, int port, Transport transport) {
        TurnUri uri = TurnUri.parse(text);
        assertEquals(host, uri.host());
        assertEquals(port, uri.port());
        assertEquals(transport, uri.transport());
        assertEquals(text.toLowerCase().startsWith("turns"), uri.secure());
    }

    @ParameterizedTest
    @ValueSource(strings = {"stun:example.org", "example.org:3478", "turn://example.org",
            "turn:example.org?transport=sctp", "turns:example.org?transport=udp", "turn:example.org?foo=bar",
            "turn:", "turn:2001:db8::1", "turn:user@example.org", "turn:example.org:0", "turn:example.org:70000"})
    void rejectsWhatRfc7065DoesNotAllow(String text) {
        assertThrows(IllegalArgumentException.class, () -> TurnUri.parse(text));
    }

    @Test
    void printsWithExplicitPortAndNonDefaultTransport() {
        assertEquals("turn:192.0.2.1:3478", TurnUri.parse("turn:192.0.2.1").toString());
        assertEquals("turn:192.0.2.1:3478?transport=tcp", TurnUri.parse("turn:192.0.2.1?transport=tcp").toString());
        assertEquals("turns:[2001:db8::1]:5349", TurnUri.parse("turns:[2001:db8::1]").toString());
        assertEquals(TurnUri.parse("turn:192.0.2.1?transport=tcp"),
                TurnUri.parse(TurnUri.parse("turn:192.0.2.1?transport=tcp").toString()));
    }

    @Test
    void addressFormNeedsNoDns() throws Exception {
        TurnUri uri = TurnUri.of(new InetSocketAddress("192.0.2.9", 3478), Transport.TCP);
        assertTrue(uri.isIpLiteral());
        assertFalse(uri.secure());
        assertEquals(new InetSocketAddress("192.0.2.9", 3478), uri.resolve());
    }
}
