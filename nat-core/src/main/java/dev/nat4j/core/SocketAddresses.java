package dev.nat4j.core;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * Parsing and formatting of {@code ip:port} text, the form used on the command line, in JSON and in logs.
 *
 * <pre>{@code
 * InetSocketAddress a = SocketAddresses.parse("[2001:db8::1]:3478");
 * String text = SocketAddresses.format(a);   // "[2001:db8::1]:3478"
 * }</pre>
 */
public final class SocketAddresses {
    private SocketAddresses() {}

    /**
     * Parses {@code IPv4:port}, {@code [IPv6]:port} or {@code host:port}. Literal addresses are never looked up in
     * DNS; a host name is resolved with the JDK resolver.
     *
     * @throws IllegalArgumentException when the text is not of that form or the name does not resolve
     */
    public static InetSocketAddress parse(String text) {
        return parse(text, -1);
    }

    /** As {@link #parse(String)}, with {@code defaultPort} used when the text has no port ({@code -1}: required). */
    public static InetSocketAddress parse(String text, int defaultPort) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty address");
        }
        String host;
        String portText = null;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("missing ']' in " + text);
            }
            host = text.substring(1, close);
            String rest = text.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new IllegalArgumentException("expected ':port' after ']' in " + text);
                }
                portText = rest.substring(1);
            }
        } else {
            int colon = text.lastIndexOf(':');
            if (colon >= 0 && text.indexOf(':') == colon) {
                host = text.substring(0, colon);
                portText = text.substring(colon + 1);
            } else {
                host = text; // bare IPv6 literal without brackets, or a name without a port
            }
        }
        int port;
        if (portText == null) {
            if (defaultPort < 0) {
                throw new IllegalArgumentException("missing port in " + text);
            }
            port = defaultPort;
        } else {
            port = parsePort(portText, text);
        }
        return new InetSocketAddress(resolve(host), port);
    }

    /** Resolves a literal without DNS, or a name with the JDK resolver. */
    public static InetAddress resolve(String host) {
        if (host.isEmpty()) {
            throw new IllegalArgumentException("empty host");
        }
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("cannot resolve " + host, e);
        }
    }

    private static int parsePort(String portText, String whole) {
        if (portText.isEmpty() || portText.length() > 5) {
            throw new IllegalArgumentException("bad port in " + whole);
        }
        int port = 0;
        for (int i = 0; i < portText.length(); i++) {
            char c = portText.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("bad port in " + whole);
            }
            port = port * 10 + (c - '0');
        }
        if (port > 0xFFFF) {
            throw new IllegalArgumentException("port out of range in " + whole);
        }
        return port;
    }

    /** {@code 192.0.2.1:3478} or {@code [2001:db8::1]:3478}. */
    public static String format(InetSocketAddress address) {
        return format(address.getAddress(), address.getPort());
    }

    /** {@code 192.0.2.1:3478} or {@code [2001:db8::1]:3478}; scope ids are dropped. */
    public static String format(InetAddress ip, int port) {
        return formatIp(ip) + ":" + port;
    }

    /** The address alone: {@code 192.0.2.1} or {@code [2001:db8::1]}. */
    public static String formatIp(InetAddress ip) {
        String literal = ip.getHostAddress();
        int percent = literal.indexOf('%');
        if (percent >= 0) {
            literal = literal.substring(0, percent);
        }
        return ip instanceof Inet6Address ? "[" + literal + "]" : literal;
    }
}
