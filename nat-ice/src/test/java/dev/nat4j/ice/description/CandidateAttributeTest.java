package dev.nat4j.ice.description;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nat4j.core.Transport;
import dev.nat4j.core.TransportAddress;
import dev.nat4j.ice.CandidateType;
import dev.nat4j.ice.IceCandidate;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/**
 * Candidate attribute values as real stacks write them (shapes taken from Chrome, Firefox, pion, ice4j and libnice
 * output; the numbers and addresses are ours, in documentation ranges), and the malformed ones each must refuse.
 */
class CandidateAttributeTest {

    private static InetSocketAddress at(String ip, int port) throws Exception {
        return new InetSocketAddress(InetAddress.getByName(ip), port);
    }

    private static void assertCandidate(IceCandidate c, String foundation, int component, long priority, String ip,
                                        int port, CandidateType type, InetSocketAddress related) throws Exception {
        assertEquals(foundation, c.foundation());
        assertEquals(component, c.component());
        assertEquals(priority, c.priority());
        assertEquals(new TransportAddress(InetAddress.getByName(ip), port, Transport.UDP), c.address());
        assertEquals(type, c.type());
        assertEquals(related, c.relatedAddress());
    }

    @Test
    void writesTheRfc8839Form() throws Exception {
        IceCandidate host = new IceCandidate("1", 1, 2_130_706_431L, TransportAddress.udp(at("192.0.2.10", 5000)),
                CandidateType.HOST, null);
        assertEquals("candidate:1 1 udp 2130706431 192.0.2.10 5000 typ host", CandidateAttribute.format(host));
        IceCandidate srflx = new IceCandidate("2", 1, 1_694_498_815L,
                TransportAddress.udp(at("2001:db8:0:0:0:0:0:7", 62000)), CandidateType.SERVER_REFLEXIVE,
                at("2001:db8::10", 5000));
        assertEquals("candidate:2 1 udp 1694498815 2001:db8::7 62000 typ srflx raddr 2001:db8::10 rport 5000",
                CandidateAttribute.format(srflx));
    }

    @Test
    void refusesToWriteAStreamCandidate() throws Exception {
        IceCandidate tcp = new IceCandidate("1", 1, 1, TransportAddress.of(at("192.0.2.10", 9), Transport.TCP),
                CandidateType.HOST, null);
        assertThrows(IllegalArgumentException.class, () -> CandidateAttribute.format(tcp));
    }

    @Test
    void chromeHostSrflxRelayAndIpv6WithTheirExtensions() throws Exception {
        assertCandidate(CandidateAttribute.parse("candidate:1467250027 1 udp 2122260223 192.0.2.21 46243 typ host "
                        + "generation 0 ufrag EsAw network-id 1 network-cost 10"),
                "1467250027", 1, 2_122_260_223L, "192.0.2.21", 46243, CandidateType.HOST, null);
        assertCandidate(CandidateAttribute.parse("candidate:842163049 1 udp 1677729535 203.0.113.7 58123 typ srflx "
                        + "raddr 10.0.0.5 rport 58123 generation 0 ufrag EsAw network-cost 999"),
                "842163049", 1, 1_677_729_535L, "203.0.113.7", 58123, CandidateType.SERVER_REFLEXIVE,
                at("10.0.0.5", 58123));
        assertCandidate(CandidateAttribute.parse("candidate:1919438123 1 udp 41885439 198.51.100.9 61234 typ relay "
                        + "raddr 203.0.113.7 rport 58123 generation 0 ufrag EsAw network-id 1 network-cost 10"),
                "1919438123", 1, 41_885_439L, "198.51.100.9", 61234, CandidateType.RELAYED, at("203.0.113.7", 58123));
        assertCandidate(CandidateAttribute.parse("candidate:2156337018 1 udp 2122262783 2001:db8:85a3::8a2e:370:7334 "
                        + "53312 typ host generation 0 ufrag EsAw network-id 2"),
                "2156337018", 1, 2_122_262_783L, "2001:db8:85a3::8a2e:370:7334", 53312, CandidateType.HOST, null);
    }

    @Test
    void chromeHidesTheBaseBehindZeroRaddr() throws Exception {
        // With mDNS obfuscation on, Chrome's srflx candidates carry "raddr 0.0.0.0 rport 0": kept as given.
        IceCandidate c = CandidateAttribute.parse("candidate:842163049 1 udp 1677729535 203.0.113.7 58123 typ srflx "
                + "raddr 0.0.0.0 rport 0 generation 0 ufrag EsAw network-cost 999");
        assertEquals(at("0.0.0.0", 0), c.relatedAddress());
    }

    @Test
    void mdnsHostNamesAreUnusableAndNeverResolved() {
        UnusableCandidateException chrome = assertThrows(UnusableCandidateException.class,
                () -> CandidateAttribute.parse("candidate:3317526130 1 udp 2113937151 "
                        + "4f9c5a2e-7d1b-4c3a-9e8f-0a1b2c3d4e5f.local 54275 typ host generation 0 ufrag EsAw "
                        + "network-cost 999"));
        assertTrue(chrome.getMessage().contains("mDNS"), chrome.getMessage());
        assertThrows(UnusableCandidateException.class, () -> CandidateAttribute.parse(
                "candidate:0 1 UDP 2122187007 a1b2c3d4-e5f6-4789-abcd-ef0123456789.local 50123 typ host"));
        // "localhost" would resolve to loopback: a peer must not be able to point our checks anywhere by name.
        UnusableCandidateException name = assertThrows(UnusableCandidateException.class,
                () -> CandidateAttribute.parse("candidate:1 1 udp 2130706431 localhost 5000 typ host"));
        assertTrue(name.getMessage().contains("host name"), name.getMessage());
    }

    @Test
    void tcpCandidatesOfEveryTcptypeAreUnusable() {
        for (String line : new String[] {
                "candidate:2999745851 1 tcp 1518280447 192.0.2.21 9 typ host tcptype active generation 0 ufrag EsAw "
                        + "network-id 1 network-cost 10",
                "candidate:4 1 TCP 2105458943 192.0.2.33 57321 typ host tcptype passive",
                "candidate:5 1 TCP 1015022079 192.0.2.90 40001 typ host tcptype so",
                "candidate:3 1 tcp 1671430143 192.0.2.50 8443 typ host tcptype passive"}) {
            UnusableCandidateException e = assertThrows(UnusableCandidateException.class,
                    () -> CandidateAttribute.parse(line), line);
            assertTrue(e.getMessage().contains("TCP candidate (tcptype "), e.getMessage());
        }
        assertThrows(UnusableCandidateException.class,
                () -> CandidateAttribute.parse("candidate:1 1 ssltcp 1 192.0.2.1 443 typ host"));
        assertThrows(UnusableCandidateException.class,
                () -> CandidateAttribute.parse("candidate:1 1 udp 1 192.0.2.1 443 typ redirect"));
    }

    @Test
    void firefoxUsesUpperCaseUdpAndSmallFoundations() throws Exception {
        assertCandidate(CandidateAttribute.parse("candidate:0 1 UDP 2122252543 192.0.2.33 49203 typ host"),
                "0", 1, 2_122_252_543L, "192.0.2.33", 49203, CandidateType.HOST, null);
        assertCandidate(CandidateAttribute.parse("candidate:1 1 UDP 1686052863 203.0.113.40 49203 typ srflx raddr "
                + "192.0.2.33 rport 49203"), "1", 1, 1_686_052_863L, "203.0.113.40", 49203,
                CandidateType.SERVER_REFLEXIVE, at("192.0.2.33", 49203));
        assertCandidate(CandidateAttribute.parse("candidate:3 1 UDP 92217087 198.51.100.2 50000 typ relay raddr "
                + "198.51.100.2 rport 50000"), "3", 1, 92_217_087L, "198.51.100.2", 50000, CandidateType.RELAYED,
                at("198.51.100.2", 50000));
    }

    @Test
    void pionIce4jAndLibniceLines() throws Exception {
        assertCandidate(CandidateAttribute.parse("candidate:1966762134 1 udp 2130706431 192.0.2.50 51234 typ host"),
                "1966762134", 1, 2_130_706_431L, "192.0.2.50", 51234, CandidateType.HOST, null);
        assertCandidate(CandidateAttribute.parse("candidate:2837135211 1 udp 1694498815 203.0.113.60 51235 typ srflx "
                + "raddr 192.0.2.50 rport 51234"), "2837135211", 1, 1_694_498_815L, "203.0.113.60", 51235,
                CandidateType.SERVER_REFLEXIVE, at("192.0.2.50", 51234));
        // ice4j writes IPv6 the JDK way, every group spelled out.
        assertCandidate(CandidateAttribute.parse("candidate:3 1 udp 2130706431 2001:db8:0:0:2c0:5fff:fe12:3456 10000 "
                + "typ host generation 0"), "3", 1, 2_130_706_431L, "2001:db8::2c0:5fff:fe12:3456", 10000,
                CandidateType.HOST, null);
        assertCandidate(CandidateAttribute.parse("candidate:2 1 udp 1694498815 203.0.113.71 10000 typ srflx raddr "
                + "192.0.2.70 rport 10000 generation 0"), "2", 1, 1_694_498_815L, "203.0.113.71", 10000,
                CandidateType.SERVER_REFLEXIVE, at("192.0.2.70", 10000));
        // libnice: host type preference 120, components 1 and 2, peer-reflexive learnt in checks.
        assertCandidate(CandidateAttribute.parse("a=candidate:1 2 UDP 2013266430 192.0.2.90 46790 typ host"),
                "1", 2, 2_013_266_430L, "192.0.2.90", 46790, CandidateType.HOST, null);
        assertCandidate(CandidateAttribute.parse("candidate:4 1 UDP 1862270975 198.51.100.90 46791 typ prflx raddr "
                + "192.0.2.90 rport 46789\r\n"), "4", 1, 1_862_270_975L, "198.51.100.90", 46791,
                CandidateType.PEER_REFLEXIVE, at("192.0.2.90", 46789));
    }

    @Test
    void acceptsTheEdgesOfEveryRange() throws Exception {
        String foundation = "abcdefghijklmnopqrstuvwxyz+/0123"; // 32 ice-chars
        assertCandidate(CandidateAttribute.parse("candidate:" + foundation + " 256 udp 4294967295 192.0.2.1 65535 "
                + "typ relay raddr 192.0.2.2 rport 0"), foundation, 256, 4_294_967_295L, "192.0.2.1", 65535,
                CandidateType.RELAYED, at("192.0.2.2", 0));
        assertCandidate(CandidateAttribute.parse("candidate:x 1 udp 0 ::1 0 typ host"), "x", 1, 0, "::1", 0,
                CandidateType.HOST, null);
    }

    @Test
    void toleratesSpacingTabsAndAStrayTrailingExtensionName() throws Exception {
        IceCandidate c = CandidateAttribute.parse("  candidate:7  1\tudp 100 192.0.2.5 7000 typ HOST generation  ");
        assertCandidate(c, "7", 1, 100, "192.0.2.5", 7000, CandidateType.HOST, null);
    }

    @Test
    void aRaddrThatIsNotAnAddressLeavesTheRelatedAddressUnknown() throws Exception {
        IceCandidate c = CandidateAttribute.parse("candidate:1 1 udp 1677729535 203.0.113.7 58123 typ srflx raddr "
                + "e1b2.local rport 9");
        assertNull(c.relatedAddress());
    }

    @Test
    void rejectsMalformedAttributesNamingThem() {
        String[] bad = {
            "",
            "candidate:",
            "candidat:1 1 udp 1 192.0.2.1 1 typ host",
            "candidate:1 1 udp 1 192.0.2.1 1 host",
            "candidate:1 1 udp 1 192.0.2.1 1 typ",
            "candidate:1 0 udp 1 192.0.2.1 1 typ host",
            "candidate:1 257 udp 1 192.0.2.1 1 typ host",
            "candidate:1 1 udp 4294967296 192.0.2.1 1 typ host",
            "candidate:1 1 udp -1 192.0.2.1 1 typ host",
            "candidate:1 1 udp 1 192.0.2.1 65536 typ host",
            "candidate:1 1 udp 1 192.0.2.1 1 typ host raddr 192.0.2.2 rport 70000",
            "candidate:1 1 udp 1 192.0.2.256 1 typ host",
            "candidate:1 1 udp 1 192.0.2 1 typ host",
            "candidate:1 1 udp 1 2001:db8:::1 1 typ host",
            "candidate:1 1 udp 1 fe80::1%eth0 1 typ host",
            "candidate:1 1 udp 1 [2001:db8::1] 1 typ host",
            "candidate:f_o 1 udp 1 192.0.2.1 1 typ host",
            "candidate:abcdefghijklmnopqrstuvwxyz0123456 1 udp 1 192.0.2.1 1 typ host",
            "candidate:1 1 udp 1 192.0.2.1 1 typ host" + " x y".repeat(300),
        };
        for (String text : bad) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> CandidateAttribute.parse(text), text);
            assertTrue(!(e instanceof UnusableCandidateException), "malformed, not merely unusable: " + text);
            assertTrue(e.getMessage().contains(CandidateAttribute.quote(text)), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> CandidateAttribute.parse(null));
    }

    @Test
    void aMegabyteAttributeIsRejectedWithoutBeingSplit() {
        String huge = "candidate:1 1 udp 1 192.0.2.1 1 typ host generation " + "9".repeat(1 << 20);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CandidateAttribute.parse(huge));
        assertTrue(e.getMessage().contains("longer than 1024"), e.getMessage());
        assertTrue(e.getMessage().length() < 400, "the message quotes a prefix, not the megabyte");
    }
}
