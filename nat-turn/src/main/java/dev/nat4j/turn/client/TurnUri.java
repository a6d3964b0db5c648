package dev.nat4j.turn.client;

import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import dev.nat4j.core.Transport;
import dev.nat4j.stun.client.StunUri;

/**
 * A TURN server URI (RFC 7065): {@code turn:host[:port][?transport=udp|tcp]} or
 * {@code turns:host[:port][?transport=tcp]}. The port defaults to 3478 ({@code turn:}) or 5349 ({@code turns:}); the
 * transport to UDP for {@code turn:} and TLS for {@code turns:}. Host rules are those of {@link StunUri}.
 *
 * <pre>{@code
 * TurnUri a = TurnUri.parse("turn:turn.example.org");                  // UDP, port 3478
 * TurnUri b = TurnUri.parse("turn:192.0.2.1:3478?transport=tcp");      // TCP
 * TurnUri c = TurnUri.parse("turns:[2001:db8::1]:443?transport=tcp");  // TLS
 * InetSocketAddress server = a.resolve();                              // DNS happens here, not in parse
 * }</pre>
 *
 * <p>Parsing never touches the network and rejects anything RFC 7065 does not allow, saying why. DTLS
 * ({@code turns:…?transport=udp}) is not supported and is rejected.
 */
public final class TurnUri {
    private final StunUri authority;
    private final Transport transport;

    private TurnUri(StunUri authority, Transport transport) {
        this.authority = authority;
        this.transport = transport;
    }

    /**
     * Parses {@code turn:…} or {@code turns:…}.
     *
     * @throws IllegalArgumentException when the text is not such a URI; the message says why
     */
    public static TurnUri parse(String text) {
        Objects.requireNonNull(text, "text");
        int colon = text.indexOf(':');
        String scheme = colon > 0 ? text.substring(0, colon).toLowerCase(Locale.ROOT) : "";
        boolean secure;
        if (scheme.equals("turn")) {
            secure = false;
        } else if (scheme.equals("turns")) {
            secure = true;
        } else {
            throw new IllegalArgumentException("not a TURN URI (expected turn: or turns:): '" + text + "'");
        }
        String rest = text.substring(colon + 1);
        String query = null;
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        Transport transport = secure ? Transport.TLS : Transport.UDP;
        if (query != null) {
            String lower = query.toLowerCase(Locale.ROOT);
            if (lower.equals("transport=udp")) {
                if (secure) {
                    throw new IllegalArgumentException("turns: over UDP means DTLS, which is not supported: '" + text
                            + "'");
                }
                transport = Transport.UDP;
            } else if (lower.equals("transport=tcp")) {
                transport = secure ? Transport.TLS : Transport.TCP;
            } else {
                throw new IllegalArgumentException("the only TURN URI query is ?transport=udp or ?transport=tcp: '"
                        + text + "'");
            }
        }
        StunUri parsed;
        try {
            parsed = StunUri.parse((secure ? "stuns:" : "stun:") + rest);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad TURN URI '" + text + "': " + e.getMessage(), e);
        }
        return new TurnUri(parsed, transport);
    }

    /** A URI for an address and transport, without DNS ({@code turns:} for TLS). */
    public static TurnUri of(InetSocketAddress server, Transport transport) {
        Objects.requireNonNull(transport, "transport");
        return new TurnUri(StunUri.of(server, transport == Transport.TLS), transport);
    }

    /** True for {@code turns:}. */
    public boolean secure() {
        return authority.secure();
    }

    /** The host as written (a lower-case name, a dotted quad, or an IPv6 address without brackets). */
    public String host() {
        return authority.host();
    }

    /** The port, explicit or the scheme's default. */
    public int port() {
        return authority.port();
    }

    /** UDP, TCP or TLS. */
    public Transport transport() {
        return transport;
    }

    /** True when the host is an IP address. */
    public boolean isIpLiteral() {
        return authority.isIpLiteral();
    }

    /** Every address of the server; blocks on DNS for a name. */
    public List<InetSocketAddress> resolveAll() throws UnknownHostException {
        return authority.resolveAll();
    }

    /** The first address of the server; blocks on DNS for a name. */
    public InetSocketAddress resolve() throws UnknownHostException {
        return authority.resolve();
    }

    /** {@code turn:host:port?transport=tcp}, with the transport written only when it is not the scheme's default. */
    @Override
    public String toString() {
        String base = (secure() ? "turns" : "turn") + authority.toString().substring(authority.scheme().length());
        boolean defaultTransport = secure() ? transport == Transport.TLS : transport == Transport.UDP;
        return defaultTransport || secure() ? base : base + "?transport=" + transport.token();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TurnUri u && authority.equals(u.authority) && transport == u.transport;
    }

    @Override
    public int hashCode() {
        return authority.hashCode() * 3 + transport.ordinal();
    }
}
