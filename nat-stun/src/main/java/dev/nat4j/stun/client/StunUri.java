package dev.nat4j.stun.client;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.nat4j.core.Transport;

/**
 * A STUN server URI (RFC 7064): {@code stun:host[:port]} or {@code stuns:host[:port]}, where host is a DNS name, a
 * dotted-quad IPv4 address or a bracketed IPv6 address; the port defaults to 3478 ({@code stun:}) or 5349
 * ({@code stuns:}). The {@code host:port} shorthand of the command line is read as {@code stun:host:port}.
 *
 * <pre>{@code
 * StunUri a = StunUri.parse("stun:stun.example.org");          // port 3478
 * StunUri b = StunUri.parse("stuns:[2001:db8::1]:443");
 * StunUri c = StunUri.parse("192.0.2.1:3478");                 // shorthand
 * InetSocketAddress server = a.resolve();                      // DNS happens here, not in parse
 * }</pre>
 *
 * <p>Parsing is strict and never touches the network: anything RFC 7064 does not allow ({@code //}, user info, a
 * path, a query such as {@code ?transport=}, a fragment, an empty or out-of-range port, an unbracketed IPv6 address,
 * a host that is neither a DNS name nor an IP literal) is rejected with an {@link IllegalArgumentException} saying
 * what is wrong. A host name is resolved with the JDK resolver only by {@link #resolve()} and {@link #resolveAll()}.
 */
public final class StunUri {
    /** Default port of {@code stun:} (RFC 8489 §18.5). */
    public static final int DEFAULT_PORT = 3478;
    /** Default port of {@code stuns:} (RFC 8489 §18.5). */
    public static final int DEFAULT_TLS_PORT = 5349;

    private static final int MAX_NAME_LENGTH = 253;

    private final boolean secure;
    private final String host;
    private final int port;
    private final InetAddress literal;

    private StunUri(boolean secure, String host, int port, InetAddress literal) {
        this.secure = secure;
        this.host = host;
        this.port = port;
        this.literal = literal;
    }

    /**
     * Parses {@code stun:…}, {@code stuns:…} or the {@code host[:port]} shorthand.
     *
     * @throws IllegalArgumentException when the text is none of these; the message says why
     */
    public static StunUri parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("empty STUN URI");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c <= ' ' || c >= 0x7F) {
                throw new IllegalArgumentException("STUN URI contains a space, control or non-ASCII character: "
                        + quote(text));
            }
        }
        int colon = text.indexOf(':');
        if (colon > 0) {
            String scheme = text.substring(0, colon);
            String rest = text.substring(colon + 1);
            if (scheme.equalsIgnoreCase("stun")) {
                return parseAuthority(rest, false, text);
            }
            if (scheme.equalsIgnoreCase("stuns")) {
                return parseAuthority(rest, true, text);
            }
            boolean unbracketedIpv6 = rest.startsWith(":") || isHex(scheme) && rest.indexOf(':') >= 0;
            if (looksLikeScheme(scheme) && !isDigits(rest) && !rest.isEmpty() && !unbracketedIpv6) {
                throw new IllegalArgumentException("unsupported scheme '" + scheme + "' in " + quote(text)
                        + ": expected stun:, stuns: or host:port");
            }
        }
        return parseAuthority(text, false, text);
    }

    /** A {@code stun:} ({@code secure = false}) or {@code stuns:} URI for an address, without DNS. */
    public static StunUri of(InetSocketAddress server, boolean secure) {
        if (server.isUnresolved()) {
            throw new IllegalArgumentException("unresolved address: " + server);
        }
        if (server.getPort() == 0) {
            throw new IllegalArgumentException("port 0 is not a server port");
        }
        InetAddress ip = server.getAddress();
        String text = ip.getHostAddress();
        int percent = text.indexOf('%');
        if (percent >= 0) {
            text = text.substring(0, percent);
        }
        return new StunUri(secure, text, server.getPort(), ip);
    }

    private static StunUri parseAuthority(String rest, boolean secure, String whole) {
        if (rest.startsWith("//")) {
            throw new IllegalArgumentException("a STUN URI has no '//' after the scheme (RFC 7064): write "
                    + (secure ? "stuns:" : "stun:") + "host[:port], not " + quote(whole));
        }
        rejectPart(rest, '?', "a query (RFC 7064 has no ?transport=; that is a turn: parameter)", whole);
        rejectPart(rest, '#', "a fragment", whole);
        rejectPart(rest, '@', "user information", whole);
        rejectPart(rest, '/', "a path", whole);
        if (rest.isEmpty()) {
            throw new IllegalArgumentException("missing host in " + quote(whole));
        }
        String hostText;
        String portText = null;
        InetAddress literal;
        if (rest.charAt(0) == '[') {
            int close = rest.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("missing ']' after the IPv6 address in " + quote(whole));
            }
            hostText = rest.substring(1, close);
            literal = parseIpv6(hostText, whole);
            String after = rest.substring(close + 1);
            if (!after.isEmpty()) {
                if (after.charAt(0) != ':') {
                    throw new IllegalArgumentException("expected ':port' after ']' in " + quote(whole));
                }
                portText = after.substring(1);
            }
        } else {
            int colon = rest.indexOf(':');
            if (colon >= 0 && rest.indexOf(':', colon + 1) >= 0) {
                throw new IllegalArgumentException("an IPv6 address must be in brackets, e.g. stun:[2001:db8::1]:3478;"
                        + " got " + quote(whole));
            }
            hostText = colon >= 0 ? rest.substring(0, colon) : rest;
            portText = colon >= 0 ? rest.substring(colon + 1) : null;
            if (hostText.isEmpty()) {
                throw new IllegalArgumentException("missing host in " + quote(whole));
            }
            literal = parseIpv4OrNull(hostText);
            if (literal == null) {
                checkDnsName(hostText, whole);
                hostText = hostText.toLowerCase(Locale.ROOT);
            }
        }
        int port = portText == null ? (secure ? DEFAULT_TLS_PORT : DEFAULT_PORT) : parsePort(portText, whole);
        return new StunUri(secure, hostText, port, literal);
    }

    private static void rejectPart(String rest, char c, String what, String whole) {
        if (rest.indexOf(c) >= 0) {
            throw new IllegalArgumentException("a STUN URI has no " + what + ": " + quote(whole));
        }
    }

    private static InetAddress parseIpv6(String text, String whole) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("empty IPv6 address in " + quote(whole));
        }
        if (text.charAt(0) == 'v' || text.charAt(0) == 'V') {
            throw new IllegalArgumentException("IPvFuture addresses are not supported: " + quote(whole));
        }
        if (text.indexOf('%') >= 0) {
            throw new IllegalArgumentException("IPv6 zone ids are not supported in a STUN URI: " + quote(whole));
        }
        int colons = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ':') {
                colons++;
            } else if (Character.digit(c, 16) < 0 && c != '.') {
                throw new IllegalArgumentException("not an IPv6 address: [" + text + "] in " + quote(whole));
            }
        }
        if (colons < 2 || colons > 7) {
            throw new IllegalArgumentException("not an IPv6 address: [" + text + "] in " + quote(whole));
        }
        try {
            // Only hex digits, ':' and '.' reach here, so the JDK parses a literal and never asks DNS.
            return InetAddress.getByName("[" + text + "]");
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IPv6 address: [" + text + "] in " + quote(whole));
        }
    }

    /** A dotted quad of decimal octets without leading zeros (RFC 3986 IPv4address), or {@code null}. */
    private static InetAddress parseIpv4OrNull(String text) {
        byte[] octets = new byte[4];
        int part = 0;
        int value = -1;
        int digits = 0;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : '.';
            if (c == '.') {
                if (digits == 0 || part > 3) {
                    return null;
                }
                octets[part++] = (byte) value;
                value = -1;
                digits = 0;
            } else if (c >= '0' && c <= '9') {
                if (digits > 0 && value == 0) {
                    return null; // leading zero: some resolvers read it as octal
                }
                value = (value < 0 ? 0 : value * 10) + (c - '0');
                digits++;
                if (value > 255) {
                    return null;
                }
            } else {
                return null;
            }
        }
        if (part != 4) {
            return null;
        }
        try {
            return InetAddress.getByAddress(octets);
        } catch (UnknownHostException e) {
            return null; // unreachable: four bytes
        }
    }

    private static void checkDnsName(String name, String whole) {
        if (name.indexOf('%') >= 0) {
            throw new IllegalArgumentException("percent-encoded host names are not supported: " + quote(whole));
        }
        String body = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        if (body.isEmpty() || body.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("not a host name: " + quote(name) + " in " + quote(whole));
        }
        String lastLabel = null;
        for (String label : body.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > 63 || label.charAt(0) == '-'
                    || label.charAt(label.length() - 1) == '-') {
                throw new IllegalArgumentException("not a host name: " + quote(name) + " in " + quote(whole));
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-')) {
                    throw new IllegalArgumentException("not a host name (character '" + c + "'): " + quote(name)
                            + " in " + quote(whole));
                }
            }
            lastLabel = label;
        }
        if (isDigits(lastLabel)) {
            // "3478", "10.1" or "1.2.3.256": neither a dotted quad nor a name (the JDK would read some as numbers).
            throw new IllegalArgumentException("not an IPv4 address or host name: " + quote(name) + " in "
                    + quote(whole));
        }
    }

    private static int parsePort(String text, String whole) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("empty port in " + quote(whole));
        }
        if (!isDigits(text) || text.length() > 5) {
            throw new IllegalArgumentException("port is not a number 1..65535 in " + quote(whole));
        }
        int port = Integer.parseInt(text);
        if (port < 1 || port > 0xFFFF) {
            throw new IllegalArgumentException("port out of range 1..65535 in " + quote(whole));
        }
        return port;
    }

    private static boolean looksLikeScheme(String s) {
        if (!Character.isLetter(s.charAt(0))) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return false;
            }
        }
        return !s.isEmpty();
    }

    private static boolean isDigits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static String quote(String s) {
        return s.length() <= 200 ? "'" + s + "'" : "'" + s.substring(0, 200) + "…'";
    }

    /** True for {@code stuns:} (STUN over TLS). */
    public boolean secure() {
        return secure;
    }

    /** {@code stun} or {@code stuns}. */
    public String scheme() {
        return secure ? "stuns" : "stun";
    }

    /** The host as written: a lower-case DNS name, a dotted quad, or an IPv6 address without brackets. */
    public String host() {
        return host;
    }

    /** The port, explicit or the scheme's default. */
    public int port() {
        return port;
    }

    /** True when the host is an IP address (no DNS is needed). */
    public boolean isIpLiteral() {
        return literal != null;
    }

    /** The transport a plain request to this URI uses: TLS for {@code stuns:}, else UDP. */
    public Transport defaultTransport() {
        return secure ? Transport.TLS : Transport.UDP;
    }

    /**
     * The server's first address: the literal, or the first one the JDK resolver returns for the name. Blocks on DNS
     * for a name.
     *
     * @throws UnknownHostException when the name does not resolve
     */
    public InetSocketAddress resolve() throws UnknownHostException {
        return resolveAll().get(0);
    }

    /**
     * Every address of the server, in the resolver's order. Blocks on DNS for a name.
     *
     * @throws UnknownHostException when the name does not resolve
     */
    public List<InetSocketAddress> resolveAll() throws UnknownHostException {
        if (literal != null) {
            return List.of(new InetSocketAddress(literal, port));
        }
        List<InetSocketAddress> all = new ArrayList<>();
        for (InetAddress ip : InetAddress.getAllByName(host)) {
            all.add(new InetSocketAddress(ip, port));
        }
        return List.copyOf(all);
    }

    /** {@code stun:host:port} with the port always written and IPv6 in brackets. */
    @Override
    public String toString() {
        String h = literal instanceof Inet6Address || host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return scheme() + ":" + h + ":" + port;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StunUri u && secure == u.secure && port == u.port
                && (literal != null ? literal.equals(u.literal) : u.literal == null && host.equals(u.host));
    }

    @Override
    public int hashCode() {
        return (literal != null ? literal.hashCode() : host.hashCode()) * 31 + port * 2 + (secure ? 1 : 0);
    }
}
