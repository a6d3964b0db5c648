package dev.nat4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.net.InetSocketAddress;

import org.junit.jupiter.api.Test;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

class SocketAddressesTest {

    @Test
    void ipv6IsWrittenInTheRfc5952ShortForm() {
        assertEquals("[::1]:3478", SocketAddresses.format(new InetSocketAddress("::1", 3478)));
        assertEquals("[::]:1", SocketAddresses.format(new InetSocketAddress("::", 1)));
        assertEquals("[2001:db8::1]:5", SocketAddresses.format(new InetSocketAddress("2001:db8:0:0:0:0:0:1", 5)));
        assertEquals("[2001:db8:0:1:1:1:1:1]:5",
                SocketAddresses.format(new InetSocketAddress("2001:db8:0:1:1:1:1:1", 5)), "a single zero stays");
        assertEquals("[2001:0:0:1::1]:5",
                SocketAddresses.format(new InetSocketAddress("2001:0:0:1:0:0:0:1", 5)), "longest run wins");
        assertEquals("[2001:db8::1:0:0:1]:5",
                SocketAddresses.format(new InetSocketAddress("2001:db8:0:0:1:0:0:1", 5)), "first run on a tie");
        assertEquals("[fe80::]:5", SocketAddresses.format(new InetSocketAddress("fe80::", 5)));
        assertEquals("192.0.2.1:3478", SocketAddresses.format(new InetSocketAddress("192.0.2.1", 3478)));
    }

    @Test
    void parsesEveryFormItPrints() {
        assertEquals(new InetSocketAddress("::1", 9), SocketAddresses.parse("[::1]:9"));
        assertEquals(new InetSocketAddress("127.0.0.1", 9), SocketAddresses.parse("127.0.0.1:9"));
        assertEquals(new InetSocketAddress("127.0.0.1", 3478), SocketAddresses.parse("127.0.0.1", 3478));
        assertThrows(IllegalArgumentException.class, () -> SocketAddresses.parse("127.0.0.1:65536"));
        assertThrows(IllegalArgumentException.class, () -> SocketAddresses.parse("127.0.0.1:"));
        assertThrows(IllegalArgumentException.class, () -> SocketAddresses.parse("[::1"));
        assertThrows(IllegalArgumentException.class, () -> SocketAddresses.parse("127.0.0.1"));
        assertThrows(IllegalArgumentException.class, () -> SocketAddresses.parse(""));
        // the JDK would read these as 1.2.0.3 and 0.0.0.10: a typo must not become a stranger's address
        assertThrows(IllegalArgumentException.class, () -> SocketAddresses.parse("1.2.3:3478"));
        assertThrows(IllegalArgumentException.class, () -> SocketAddresses.parse("10:3478"));
        assertThrows(IllegalArgumentException.class, () -> SocketAddresses.parse("1.2.3.256:3478"));
        assertThrows(IllegalArgumentException.class, () -> SocketAddresses.resolve("1..2.3"));
    }

    @Property
    void anyIpv6AddressRoundTripsThroughItsText(@ForAll @Size(16) byte[] bytes) throws Exception {
        InetAddress ip = InetAddress.getByAddress(bytes);
        InetSocketAddress a = new InetSocketAddress(ip, 443);
        assertEquals(a, SocketAddresses.parse(SocketAddresses.format(a)));
    }
}
