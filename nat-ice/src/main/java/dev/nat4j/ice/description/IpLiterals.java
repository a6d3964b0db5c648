package dev.nat4j.ice.description;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * IP literals from signalled text, turned into addresses without ever asking DNS: a peer's description is untrusted
 * and a name in it must not make us send a query (to a resolver the peer may watch) or block on one.
 */
final class IpLiterals {
    private static final int MAX_IPV6_TEXT = 45;

    private IpLiterals() {}

    /** What a connection-address token is. */
    enum Kind { IPV4, IPV6, MDNS_NAME, OTHER_NAME, MALFORMED }

    static Kind classify(String text) {
        if (text.isEmpty()) {
            return Kind.MALFORMED;
        }
        if (text.indexOf(':') >= 0) {
            return parseIpv6(text) == null ? Kind.MALFORMED : Kind.IPV6;
        }
        boolean digitsAndDots = true;
        boolean hostChars = true;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean digit = c >= '0' && c <= '9';
            digitsAndDots &= digit || c == '.';
            hostChars &= digit || c == '.' || c == '-' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        }
        if (digitsAndDots) {
            return parseIpv4(text) == null ? Kind.MALFORMED : Kind.IPV4;
        }
        if (!hostChars || text.length() > 253 || text.startsWith(".") || text.contains("..")) {
            return Kind.MALFORMED;
        }
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        return lower.endsWith(".local") || lower.endsWith(".local.") ? Kind.MDNS_NAME : Kind.OTHER_NAME;
    }

    /** The address for an IPv4 or IPv6 literal, or {@code null} when {@code text} is not one. Never resolves. */
    static InetAddress parse(String text) {
        return text.indexOf(':') >= 0 ? parseIpv6(text) : parseIpv4(text);
    }

    /** A full dotted quad only: the JDK would also take {@code 1.2.3} or {@code 010.1.1.1}, each meaning another host. */
    private static InetAddress parseIpv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            String part = parts[i];
            if (part.isEmpty() || part.length() > 3 || (part.length() > 1 && part.charAt(0) == '0')) {
                return null;
            }
            int value = 0;
            for (int j = 0; j < part.length(); j++) {
                char c = part.charAt(j);
                if (c < '0' || c > '9') {
                    return null;
                }
                value = value * 10 + (c - '0');
            }
            if (value > 255) {
                return null;
            }
            bytes[i] = (byte) value;
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            return null; // cannot happen for four bytes
        }
    }

    private static InetAddress parseIpv6(String text) {
        if (text.length() > MAX_IPV6_TEXT || text.length() < 2) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':'
                    || c == '.';
            if (!ok) {
                return null; // zone ids ("%eth0") included: a scope is meaningless on the peer's side
            }
        }
        try {
            // Brackets make the JDK treat the text as an IPv6 literal and never fall back to a name lookup.
            return InetAddress.getByName("[" + text + "]");
        } catch (UnknownHostException | IllegalArgumentException e) {
            return null;
        }
    }
}
