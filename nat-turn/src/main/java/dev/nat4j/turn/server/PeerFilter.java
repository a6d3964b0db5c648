package dev.nat4j.turn.server;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Which peer addresses a relay may reach: safe by default (RFC 8656 §21 and the SSRF history in SECURITY-NOTES §4 A).
 *
 * <p>Every address is first reduced to the IPv4 address it embeds, if any (IPv4-mapped and IPv4-compatible IPv6,
 * NAT64 {@code 64:ff9b::/96}, 6to4 {@code 2002::/16}); the verdict then considers both forms. An operator
 * {@code allow} block containing either form admits the address (allow wins, as in coturn). Otherwise the address is
 * refused when either form is in an operator {@code deny} block, in the built-in deny list (loopback, unspecified,
 * private, CGNAT, link-local and metadata, ULA, site-local, multicast, broadcast, reserved, documentation,
 * benchmarking, Teredo and the rest of {@code 2001::/23}, 6to4, discard) or is one of the server's own addresses.
 *
 * <pre>{@code
 * PeerFilter filter = PeerFilter.defaults()
 *         .withAllow(Cidr.parse("10.1.0.0/16"))          // a private network the relay must reach
 *         .withOwnAddress(InetAddress.getByName("203.0.113.7"));
 * boolean ok = filter.isAllowed(peerIp);
 * }</pre>
 */
public final class PeerFilter {
    /** The built-in deny list. */
    public static final List<Cidr> DEFAULT_DENY = List.of(
            // IPv4 special-purpose blocks (IANA registry, RFC 6890 and successors)
            Cidr.parse("0.0.0.0/8"), Cidr.parse("10.0.0.0/8"), Cidr.parse("100.64.0.0/10"),
            Cidr.parse("127.0.0.0/8"), Cidr.parse("169.254.0.0/16"), Cidr.parse("172.16.0.0/12"),
            Cidr.parse("192.0.0.0/24"), Cidr.parse("192.0.2.0/24"), Cidr.parse("192.31.196.0/24"),
            Cidr.parse("192.52.193.0/24"), Cidr.parse("192.88.99.0/24"), Cidr.parse("192.168.0.0/16"),
            Cidr.parse("192.175.48.0/24"), Cidr.parse("198.18.0.0/15"), Cidr.parse("198.51.100.0/24"),
            Cidr.parse("203.0.113.0/24"), Cidr.parse("224.0.0.0/4"), Cidr.parse("240.0.0.0/4"),
            // IPv6
            Cidr.parse("::/128"), Cidr.parse("::1/128"), Cidr.parse("::/96"), Cidr.parse("::ffff:0:0/96"),
            Cidr.parse("64:ff9b:1::/48"), Cidr.parse("100::/64"), Cidr.parse("2001::/23"),
            Cidr.parse("2001:db8::/32"), Cidr.parse("2002::/16"), Cidr.parse("3fff::/20"), Cidr.parse("5f00::/16"),
            Cidr.parse("fc00::/7"), Cidr.parse("fe80::/10"), Cidr.parse("fec0::/10"), Cidr.parse("ff00::/8"));

    private static final byte[] NAT64 = {0, 0x64, (byte) 0xff, (byte) 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};

    private final List<Cidr> allow;
    private final List<Cidr> deny;
    private final List<InetAddress> own;
    private final boolean builtInDeny;

    private PeerFilter(List<Cidr> allow, List<Cidr> deny, List<InetAddress> own, boolean builtInDeny) {
        this.allow = List.copyOf(allow);
        this.deny = List.copyOf(deny);
        this.own = List.copyOf(own);
        this.builtInDeny = builtInDeny;
    }

    /** The safe default: the built-in deny list, no allow entries. */
    public static PeerFilter defaults() {
        return new PeerFilter(List.of(), List.of(), List.of(), true);
    }

    /** A filter that admits everything except what is added with {@link #withDeny}; for tests and closed labs. */
    public static PeerFilter allowAll() {
        return new PeerFilter(List.of(), List.of(), List.of(), false);
    }

    /** A copy that also admits {@code block} (wins over every deny rule). */
    public PeerFilter withAllow(Cidr block) {
        List<Cidr> more = new ArrayList<>(allow);
        more.add(block);
        return new PeerFilter(more, deny, own, builtInDeny);
    }

    /** A copy that also refuses {@code block}. */
    public PeerFilter withDeny(Cidr block) {
        List<Cidr> more = new ArrayList<>(deny);
        more.add(block);
        return new PeerFilter(allow, more, own, builtInDeny);
    }

    /** A copy that also refuses one of the server's own addresses (listen, relay, external), unless allowed. */
    public PeerFilter withOwnAddress(InetAddress address) {
        List<InetAddress> more = new ArrayList<>(own);
        more.add(address);
        return new PeerFilter(allow, deny, more, builtInDeny);
    }

    /** The operator allow blocks. */
    public List<Cidr> allowed() {
        return allow;
    }

    /** The operator deny blocks (the built-in list not included). */
    public List<Cidr> denied() {
        return deny;
    }

    /** True when a relay may exchange datagrams with {@code address}. */
    public boolean isAllowed(InetAddress address) {
        if (address == null) {
            return false;
        }
        byte[] raw = address.getAddress();
        byte[] embedded = embeddedIpv4(raw);
        for (Cidr c : allow) {
            if (c.contains(raw) || (embedded != null && c.contains(embedded))) {
                return true;
            }
        }
        if (matchesAny(deny, raw, embedded) || (builtInDeny && matchesAny(DEFAULT_DENY, raw, embedded))) {
            return false;
        }
        for (InetAddress o : own) {
            byte[] mine = o.getAddress();
            if (java.util.Arrays.equals(mine, raw) || (embedded != null && java.util.Arrays.equals(mine, embedded))) {
                return false;
            }
        }
        return true;
    }

    private static boolean matchesAny(List<Cidr> blocks, byte[] raw, byte[] embedded) {
        for (Cidr c : blocks) {
            if (c.contains(raw) || (embedded != null && c.contains(embedded))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The IPv4 address an IPv6 address carries, or {@code null}: IPv4-mapped ({@code ::ffff:a.b.c.d}),
     * IPv4-compatible ({@code ::a.b.c.d}, including {@code ::} and {@code ::1}), NAT64 well-known prefix
     * ({@code 64:ff9b::a.b.c.d}) and 6to4 ({@code 2002:AABB:CCDD::/48}).
     */
    public static byte[] embeddedIpv4(byte[] raw) {
        if (raw.length != 16) {
            return null;
        }
        boolean zero80 = true;
        for (int i = 0; i < 10; i++) {
            zero80 &= raw[i] == 0;
        }
        if (zero80 && ((raw[10] == 0 && raw[11] == 0) || (raw[10] == (byte) 0xff && raw[11] == (byte) 0xff))) {
            return java.util.Arrays.copyOfRange(raw, 12, 16);
        }
        if (java.util.Arrays.equals(raw, 0, 12, NAT64, 0, 12)) {
            return java.util.Arrays.copyOfRange(raw, 12, 16);
        }
        if (raw[0] == 0x20 && raw[1] == 0x02) {
            return java.util.Arrays.copyOfRange(raw, 2, 6);
        }
        return null;
    }

    @Override
    public String toString() {
        return "PeerFilter[allow=" + allow + ", deny=" + deny + (builtInDeny ? " + built-in" : "") + ", own=" + own
                + "]";
    }
}
