package dev.nat4j.turn.server;

import java.net.InetAddress;
import java.util.Arrays;

import dev.nat4j.core.SocketAddresses;

/**
 * An IPv4 or IPv6 address block such as {@code 10.0.0.0/8} or {@code fe80::/10}. A bare address is a /32 or /128.
 *
 * <pre>{@code
 * Cidr lan = Cidr.parse("192.168.0.0/16");
 * boolean in = lan.contains(InetAddress.getByName("192.168.1.7"));   // true
 * }</pre>
 */
public final class Cidr {
    private final byte[] network;
    private final int prefix;

    private Cidr(byte[] network, int prefix) {
        this.network = network;
        this.prefix = prefix;
        for (int bit = prefix; bit < network.length * 8; bit++) {
            network[bit >>> 3] &= (byte) ~(0x80 >>> (bit & 7));
        }
    }

    /**
     * Parses {@code ADDRESS/PREFIX} or a bare {@code ADDRESS} (literal addresses only, never DNS).
     *
     * @throws IllegalArgumentException when the text is not a block
     */
    public static Cidr parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty CIDR");
        }
        String t = text.trim();
        int slash = t.indexOf('/');
        String ip = slash < 0 ? t : t.substring(0, slash);
        if (ip.startsWith("[") && ip.endsWith("]")) {
            ip = ip.substring(1, ip.length() - 1);
        }
        if (ip.isEmpty() || !(ip.indexOf(':') >= 0 || ip.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9')))) {
            throw new IllegalArgumentException("not an IP literal: " + text);
        }
        byte[] raw = SocketAddresses.resolve(ip).getAddress();
        if (raw.length == 4 && ip.indexOf(':') >= 0) {
            // the JDK turns ::ffff:a.b.c.d into an IPv4 address; keep the IPv6 form the operator wrote
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xff;
            mapped[11] = (byte) 0xff;
            System.arraycopy(raw, 0, mapped, 12, 4);
            raw = mapped;
        }
        int max = raw.length * 8;
        int prefix = max;
        if (slash >= 0) {
            String p = t.substring(slash + 1);
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new IllegalArgumentException("bad prefix length in " + text);
            }
            prefix = Integer.parseInt(p);
            if (prefix > max) {
                throw new IllegalArgumentException("prefix length over " + max + " in " + text);
            }
        }
        return new Cidr(raw, prefix);
    }

    /** The block of {@code prefix} bits around {@code address}. */
    public static Cidr of(InetAddress address, int prefix) {
        byte[] raw = address.getAddress();
        if (prefix < 0 || prefix > raw.length * 8) {
            throw new IllegalArgumentException("bad prefix length " + prefix);
        }
        return new Cidr(raw, prefix);
    }

    /** True when {@code address} is of this block's family and inside it. */
    public boolean contains(InetAddress address) {
        return contains(address.getAddress());
    }

    /** As {@link #contains(InetAddress)} for raw bytes (4 or 16). */
    public boolean contains(byte[] raw) {
        if (raw.length != network.length) {
            return false;
        }
        int full = prefix >>> 3;
        for (int i = 0; i < full; i++) {
            if (raw[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix & 7;
        if (rest == 0) {
            return true;
        }
        int mask = (0xFF00 >>> rest) & 0xFF;
        return (raw[full] & mask) == (network[full] & mask);
    }

    /** True for an IPv6 block. */
    public boolean isIpv6() {
        return network.length == 16;
    }

    /** The prefix length. */
    public int prefixLength() {
        return prefix;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr c && c.prefix == prefix && Arrays.equals(c.network, network);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(network) * 31 + prefix;
    }

    @Override
    public String toString() {
        try {
            String ip = InetAddress.getByAddress(network).getHostAddress();
            return ip + "/" + prefix;
        } catch (java.net.UnknownHostException e) {
            return "?/" + prefix; // unreachable: 4 or 16 bytes
        }
    }
}
