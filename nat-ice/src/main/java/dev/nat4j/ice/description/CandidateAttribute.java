package dev.nat4j.ice.description;

import dev.nat4j.core.Transport;
import dev.nat4j.core.TransportAddress;
import dev.nat4j.ice.CandidateType;
import dev.nat4j.ice.IceCandidate;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Locale;

/**
 * One ICE candidate as an RFC 8839 §5.1 {@code candidate} attribute value, the unit a trickling peer sends one at a
 * time (RFC 8838) and the content of each {@code a=candidate} line:
 *
 * <pre>
 * candidate:&lt;foundation&gt; &lt;component&gt; &lt;transport&gt; &lt;priority&gt; &lt;address&gt; &lt;port&gt; typ &lt;type&gt;
 *           [raddr &lt;address&gt; rport &lt;port&gt;] *(&lt;extension-name&gt; &lt;extension-value&gt;)
 * </pre>
 *
 * <p>Writing produces exactly that, lower-case {@code udp}, IPv6 in RFC 5952 form without brackets, no extensions.
 * Reading accepts what browsers and other stacks send: an optional {@code a=} prefix, any case in the transport and
 * type tokens, runs of spaces or tabs, trailing CR/LF, extensions in any number (Chrome's {@code generation},
 * {@code ufrag}, {@code network-id}, {@code network-cost}; RFC 6544 {@code tcptype}; unknown ones) which are skipped,
 * and {@code raddr}/{@code rport} wherever they appear after {@code typ}. Field ranges: foundation 1..32 ice-chars,
 * component 1..256, priority 0..2^32-1, ports 0..65535. A {@code raddr} that is not an IP literal (Chrome and
 * Firefox put {@code 0.0.0.0}, or an mDNS name, when they hide the base) leaves the related address unknown rather
 * than failing the candidate.
 *
 * <pre>{@code
 * String value = CandidateAttribute.format(candidate);   // "candidate:1 1 udp 2130706431 192.0.2.10 5000 typ host"
 * IceCandidate back = CandidateAttribute.parse(value);    // equal to candidate
 * }</pre>
 */
public final class CandidateAttribute {
    /** The longest attribute accepted; a longer one is rejected before it is split. */
    public static final int MAX_LENGTH = 1024;

    private static final String PREFIX = "candidate:";

    private CandidateAttribute() {}

    /**
     * The attribute value for {@code candidate}, starting with {@code candidate:} (prefix it with {@code a=} for an
     * SDP line).
     *
     * @throws IllegalArgumentException for a TCP or TLS candidate, which this form cannot describe without a
     *                                  {@code tcptype} nat4j does not model
     */
    public static String format(IceCandidate candidate) {
        if (candidate.transport() != Transport.UDP) {
            throw new IllegalArgumentException("only UDP candidates can be written: " + candidate);
        }
        StringBuilder out = new StringBuilder(96).append(PREFIX)
                .append(candidate.foundation()).append(' ')
                .append(candidate.component()).append(" udp ")
                .append(candidate.priority()).append(' ')
                .append(ipText(candidate.address().ip())).append(' ')
                .append(candidate.address().port())
                .append(" typ ").append(candidate.type().token());
        InetSocketAddress related = candidate.relatedAddress();
        if (related != null) {
            out.append(" raddr ").append(ipText(related.getAddress())).append(" rport ").append(related.getPort());
        }
        return out.toString();
    }

    /**
     * Parses one attribute value ({@code candidate:...} or {@code a=candidate:...}).
     *
     * @throws UnusableCandidateException when it is well formed but nat4j cannot use it (TCP, a host name, an
     *                                    unknown transport or type)
     * @throws IllegalArgumentException   when it is malformed; the message quotes the (possibly shortened) text
     */
    public static IceCandidate parse(String attribute) {
        if (attribute == null) {
            throw new IllegalArgumentException("null candidate attribute");
        }
        if (attribute.length() > MAX_LENGTH + 2) { // +2: a trailing CRLF is not content
            throw new IllegalArgumentException("candidate attribute longer than " + MAX_LENGTH + " characters: "
                    + quote(attribute));
        }
        String text = attribute.strip();
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("candidate attribute longer than " + MAX_LENGTH + " characters: "
                    + quote(attribute));
        }
        if (text.startsWith("a=")) {
            text = text.substring(2);
        }
        if (!text.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            throw malformed(attribute, "does not start with candidate:");
        }
        String[] f = text.substring(PREFIX.length()).split("[ \t]+", -1);
        if (f.length < 8) {
            throw malformed(attribute, "fewer than eight fields");
        }
        String foundation = f[0];
        if (!isIceChars(foundation, 1, IceCandidate.MAX_FOUNDATION_LENGTH)) {
            throw malformed(attribute, "foundation is not 1 to 32 ice-chars");
        }
        int component = (int) number(f[1], 3, 1, 256, attribute, "component");
        String transport = f[2].toLowerCase(Locale.ROOT);
        if (transport.isEmpty()) {
            throw malformed(attribute, "empty transport");
        }
        long priority = number(f[3], 10, 0, 0xFFFF_FFFFL, attribute, "priority");
        String host = f[4];
        int port = (int) number(f[5], 5, 0, 0xFFFF, attribute, "port");
        if (!f[6].equalsIgnoreCase("typ")) {
            throw malformed(attribute, "expected 'typ' after the port");
        }
        String typeToken = f[7].toLowerCase(Locale.ROOT);
        if (typeToken.isEmpty()) {
            throw malformed(attribute, "empty candidate type");
        }

        String raddr = null;
        int rport = -1;
        String tcptype = null;
        for (int i = 8; i < f.length; i += 2) {
            String name = f[i];
            String value = i + 1 < f.length ? f[i + 1] : "";
            if (name.isEmpty()) {
                throw malformed(attribute, "empty extension name");
            }
            switch (name.toLowerCase(Locale.ROOT)) {
                case "raddr" -> raddr = value;
                case "rport" -> rport = (int) number(value, 5, 0, 0xFFFF, attribute, "rport");
                case "tcptype" -> tcptype = value;
                default -> {
                    // generation, ufrag, network-id, network-cost and unknown extensions carry nothing we use
                }
            }
        }

        IpLiterals.Kind kind = IpLiterals.classify(host);
        if (kind == IpLiterals.Kind.MALFORMED) {
            throw malformed(attribute, "connection address is neither an IP literal nor a host name");
        }
        if (!transport.equals("udp")) {
            throw new UnusableCandidateException((transport.equals("tcp")
                    ? "TCP candidate" + (tcptype == null ? "" : " (tcptype " + tcptype + ")")
                    : "transport " + transport) + " not supported, nat4j's agent is UDP-only: " + quote(attribute));
        }
        CandidateType type = typeOf(typeToken);
        if (type == null) {
            throw new UnusableCandidateException("unknown candidate type " + typeToken + ": " + quote(attribute));
        }
        if (kind == IpLiterals.Kind.MDNS_NAME) {
            throw new UnusableCandidateException("mDNS host name, not resolved: " + quote(attribute));
        }
        if (kind == IpLiterals.Kind.OTHER_NAME) {
            throw new UnusableCandidateException("host name instead of an IP address, not resolved: "
                    + quote(attribute));
        }
        InetAddress ip = IpLiterals.parse(host);
        InetSocketAddress related = null;
        if (raddr != null && rport >= 0) {
            InetAddress relatedIp = IpLiterals.parse(raddr);
            if (relatedIp != null) {
                related = new InetSocketAddress(relatedIp, rport);
            }
        }
        return new IceCandidate(foundation, component, priority, new TransportAddress(ip, port, Transport.UDP), type,
                related);
    }

    private static CandidateType typeOf(String token) {
        for (CandidateType type : CandidateType.values()) {
            if (type.token().equals(token)) {
                return type;
            }
        }
        return null;
    }

    /** Digits only (no sign, no spaces), at most {@code maxDigits}, within {@code min..max}. */
    private static long number(String text, int maxDigits, long min, long max, String attribute, String what) {
        if (text.isEmpty() || text.length() > maxDigits) {
            throw malformed(attribute, what + " is not a number of 1 to " + maxDigits + " digits");
        }
        long value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw malformed(attribute, what + " is not a number");
            }
            value = value * 10 + (c - '0');
        }
        if (value < min || value > max) {
            throw malformed(attribute, what + " out of range " + min + ".." + max);
        }
        return value;
    }

    static boolean isIceChars(String text, int min, int max) {
        if (text.length() < min || text.length() > max) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+'
                    || c == '/')) {
                return false;
            }
        }
        return true;
    }

    /** The SDP form of an address: IPv6 in RFC 5952 form and without the brackets of a URI. */
    private static String ipText(InetAddress ip) {
        String text = dev.nat4j.core.SocketAddresses.formatIp(ip);
        return ip instanceof Inet6Address ? text.substring(1, text.length() - 1) : text;
    }

    private static IllegalArgumentException malformed(String attribute, String why) {
        return new IllegalArgumentException("malformed candidate (" + why + "): " + quote(attribute));
    }

    /** The text for an error message: shortened, control characters made visible, so logs stay one line. */
    static String quote(String text) {
        int limit = Math.min(text.length(), 160);
        StringBuilder out = new StringBuilder(limit + 8).append('"');
        for (int i = 0; i < limit; i++) {
            char c = text.charAt(i);
            out.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return out.append(text.length() > limit ? "...\"" : "\"").toString();
    }
}
