package dev.nat4j.turn.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import org.junit.jupiter.api.Test;

/** SECURITY-NOTES A3 and A9: range checks against 128-bit arithmetic, one verdict for every encoding of an IPv4. */
class PeerFilterProperties {

    @Property(tries = 2000)
    void containsEqualsUnsignedRangeCompare(@ForAll @Size(16) byte[] network, @ForAll @IntRange(max = 128) int prefix,
                                            @ForAll @Size(16) byte[] address) throws UnknownHostException {
        // keep the block IPv6 (the JDK would turn a ::ffff:0:0/96 address into IPv4)
        network[0] = (byte) (network[0] | 0x20);
        address[0] = (byte) (address[0] | 0x20);
        Cidr block = Cidr.of(InetAddress.getByAddress(network), prefix);
        BigInteger lo = new BigInteger(1, network).shiftRight(128 - prefix).shiftLeft(128 - prefix);
        BigInteger hi = lo.add(BigInteger.ONE.shiftLeft(128 - prefix)).subtract(BigInteger.ONE);
        BigInteger a = new BigInteger(1, address);
        assertEquals(a.compareTo(lo) >= 0 && a.compareTo(hi) <= 0, block.contains(address));
        // the first and last address of the block, and one past each end
        assertTrue(block.contains(bytes16(lo)));
        assertTrue(block.contains(bytes16(hi)));
        if (lo.signum() > 0) {
            assertFalse(block.contains(bytes16(lo.subtract(BigInteger.ONE))));
        }
        if (hi.bitLength() <= 127 || hi.compareTo(BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE)) < 0) {
            assertFalse(block.contains(bytes16(hi.add(BigInteger.ONE))));
        }
    }

    @Property(tries = 2000)
    void everyEncodingOfAnIpv4GetsTheSameVerdict(@ForAll @Size(4) byte[] v4) throws UnknownHostException {
        PeerFilter filter = PeerFilter.defaults();
        boolean plain = filter.isAllowed(InetAddress.getByAddress(v4));
        byte[] nat64 = {0, 0x64, (byte) 0xff, (byte) 0x9b, 0, 0, 0, 0, 0, 0, 0, 0, v4[0], v4[1], v4[2], v4[3]};
        byte[] compatible = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, v4[0], v4[1], v4[2], v4[3]};
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, v4[0], v4[1], v4[2], v4[3]};
        if (!plain) {
            assertFalse(filter.isAllowed(InetAddress.getByAddress(nat64)));
            assertFalse(filter.isAllowed(InetAddress.getByAddress(compatible)));
            assertFalse(filter.isAllowed(InetAddress.getByAddress(mapped)));
            byte[] sixToFour = {0x20, 0x02, v4[0], v4[1], v4[2], v4[3], 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
            assertFalse(filter.isAllowed(InetAddress.getByAddress(sixToFour)));
        } else {
            assertEquals(plain, filter.isAllowed(InetAddress.getByAddress(nat64)));
            assertEquals(plain, filter.isAllowed(InetAddress.getByAddress(mapped)));
        }
        // canonicalisation is idempotent
        byte[] once = PeerFilter.embeddedIpv4(nat64);
        assertEquals(java.util.Arrays.toString(v4), java.util.Arrays.toString(once));
        assertEquals(null, PeerFilter.embeddedIpv4(once));
    }

    @Test
    void edgesOfDefaultRanges() throws UnknownHostException {
        PeerFilter f = PeerFilter.defaults();
        assertFalse(f.isAllowed(InetAddress.getByName("100.64.0.0")));
        assertFalse(f.isAllowed(InetAddress.getByName("100.127.255.255")));
        assertTrue(f.isAllowed(InetAddress.getByName("100.63.255.255")));
        assertTrue(f.isAllowed(InetAddress.getByName("100.128.0.0")));
        assertFalse(f.isAllowed(InetAddress.getByName("172.31.255.255")));
        assertTrue(f.isAllowed(InetAddress.getByName("172.32.0.0")));
        assertTrue(f.isAllowed(InetAddress.getByName("172.15.255.255")));
        assertTrue(f.isAllowed(InetAddress.getByName("223.255.255.255")));
        assertFalse(f.isAllowed(InetAddress.getByName("224.0.0.0")));
        assertTrue(f.isAllowed(InetAddress.getByName("2606:4700::1111")));
        assertFalse(f.isAllowed(InetAddress.getByName("fe80::1")));
        assertFalse(f.isAllowed(InetAddress.getByName("febf:ffff::1")));
        assertTrue(f.isAllowed(InetAddress.getByName("64:ff9b::808:808")), "NAT64 of a public address");
        assertFalse(f.isAllowed(null));
    }

    private static byte[] bytes16(BigInteger v) {
        byte[] raw = v.toByteArray();
        byte[] out = new byte[16];
        int n = Math.min(16, raw.length);
        System.arraycopy(raw, raw.length - n, out, 16 - n, n);
        return out;
    }
}
