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

    /**
     * Resolves a literal without DNS, or a name with the JDK resolver. An IPv4 literal must be a full dotted quad:
     * the JDK would read {@code 1.2.3} as 1.2.0.3, turning a typo into traffic to a stranger.
     */
    public static InetAddress resolve(String host) {
        if (host.isEmpty()) {
            throw new IllegalArgumentException("empty host");
        }
        if (host.chars().allMatch(c -> c == '.' || c >= '0' && c <= '9') && !isDottedQuad(host)) {
            throw new IllegalArgumentException("not an IPv4 address (need four numbers 0-255): " + host);
        }
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("cannot resolve " + host, e);
        }
    }

    private static boolean isDottedQuad(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
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

    /** The address alone: {@code 192.0.2.1} or {@code [2001:db8::1]} (IPv6 in the RFC 5952 short form). */
    public static String formatIp(InetAddress ip) {
        return ip instanceof Inet6Address ? "[" + formatIpv6(ip.getAddress()) + "]" : ip.getHostAddress();
    }

    /**
     * RFC 5952 text for 16 address bytes: lower-case hex, leading zeros dropped, the longest run of two or more zero
     * groups (the first one on a tie) written as {@code ::}. The JDK writes every group ({@code 0:0:0:0:0:0:0:1}).
     */
    static String formatIpv6(byte[] bytes) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((bytes[2 * i] & 0xFF) << 8) | (bytes[2 * i + 1] & 0xFF);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder text = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }
}
