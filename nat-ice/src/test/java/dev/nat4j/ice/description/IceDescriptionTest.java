package dev.nat4j.ice.description;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nat4j.core.TransportAddress;
import dev.nat4j.ice.CandidateType;
import dev.nat4j.ice.IceCandidate;
import dev.nat4j.ice.IceCredentials;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Whole descriptions: the two documented forms, a browser's SDP, the lenient/strict split and the caps. */
class IceDescriptionTest {
    private static final IceCredentials CREDENTIALS = new IceCredentials("EsAw1234", "P4ssw0rdP4ssw0rdP4ssw0");

    private static InetSocketAddress at(String ip, int port) throws Exception {
        return new InetSocketAddress(InetAddress.getByName(ip), port);
    }

    private static IceDescription example() throws Exception {
        IceCandidate host = new IceCandidate("1", 1, 2_130_706_431L, TransportAddress.udp(at("192.0.2.10", 5000)),
                CandidateType.HOST, null);
        IceCandidate srflx = new IceCandidate("2", 1, 1_694_498_815L, TransportAddress.udp(at("203.0.113.7", 62000)),
                CandidateType.SERVER_REFLEXIVE, at("192.0.2.10", 5000));
        return new IceDescription(CREDENTIALS, List.of(host, srflx), List.of("trickle"), true);
    }

    @Test
    void sdpFormIsTheDocumentedOne() throws Exception {
        assertEquals("a=ice-ufrag:EsAw1234\r\n"
                + "a=ice-pwd:P4ssw0rdP4ssw0rdP4ssw0\r\n"
                + "a=ice-options:trickle\r\n"
                + "a=candidate:1 1 udp 2130706431 192.0.2.10 5000 typ host\r\n"
                + "a=candidate:2 1 udp 1694498815 203.0.113.7 62000 typ srflx raddr 192.0.2.10 rport 5000\r\n"
                + "a=end-of-candidates\r\n", example().toSdp());
        assertEquals(example(), IceDescription.parseSdp(example().toSdp()));
        assertEquals(example(), IceDescription.parseSdp(example().toSdpLines()));
    }

    @Test
    void jsonFormIsTheDocumentedOne() throws Exception {
        String json = "{\"ufrag\":\"EsAw1234\",\"pwd\":\"P4ssw0rdP4ssw0rdP4ssw0\",\"options\":[\"trickle\"],"
                + "\"candidates\":[\"candidate:1 1 udp 2130706431 192.0.2.10 5000 typ host\","
                + "\"candidate:2 1 udp 1694498815 203.0.113.7 62000 typ srflx raddr 192.0.2.10 rport 5000\"],"
                + "\"endOfCandidates\":true}";
        assertEquals(json, example().toJson());
        assertEquals(example(), IceDescription.parseJson(json));
    }

    @Test
    void jsonReadingTakesAnyKeyOrderWhitespaceAndUnknownKeys() throws Exception {
        String json = "{ \"candidates\" : [ \"candidate:1 1 udp 2130706431 192.0.2.10 5000 typ host\" ,\n"
                + "\"candidate:2 1 udp 1694498815 203.0.113.7 62000 typ srflx raddr 192.0.2.10 rport 5000\" ],\n"
                + " \"sdpMid\": \"0\", \"x\": {\"n\": [1, -2.5e3, null, false, \"\\u0041\"]},\n"
                + " \"endOfCandidates\": true, \"pwd\": \"P4ssw0rdP4ssw0rdP4ssw0\", \"options\": [\"trickle\","
                + "\"trickle\"], \"ufrag\": \"EsAw1234\" }";
        assertEquals(example(), IceDescription.parseJson(json));
        IceDescription minimal = IceDescription.parseJson("{\"ufrag\":\"EsAw1234\",\"pwd\":\"P4ssw0rdP4ssw0rdP4ssw0\"}");
        assertEquals(new IceDescription(CREDENTIALS, List.of(), List.of(), false), minimal);
    }

    @Test
    void jsonStructuralErrorsThrow() {
        for (String bad : new String[] {"", "[]", "{", "{\"ufrag\":\"EsAw1234\"}", "null",
                "{\"ufrag\":\"EsAw1234\",\"pwd\":\"short\"}",
                "{\"ufrag\":\"EsAw1234\",\"pwd\":\"P4ssw0rdP4ssw0rdP4ssw0\",\"candidates\":\"x\"}",
                "{\"ufrag\":\"EsAw1234\",\"pwd\":\"P4ssw0rdP4ssw0rdP4ssw0\",\"endOfCandidates\":\"yes\"}",
                "{\"ufrag\":\"EsAw1234\",\"pwd\":\"P4ssw0rdP4ssw0rdP4ssw0\",\"options\":[\"tr ickle\"]}",
                "{\"ufrag\":\"EsAw1234\",\"ufrag\":\"Other123\",\"pwd\":\"P4ssw0rdP4ssw0rdP4ssw0\"}",
                "{\"ufrag\":\"EsAw1234\",\"pwd\":\"P4ssw0rdP4ssw0rdP4ssw0\"} x",
                "[".repeat(100) + "]".repeat(100)}) {
            assertThrows(IllegalArgumentException.class, () -> IceDescription.parseJson(bad), bad);
        }
    }

    /** A Chrome-shaped offer: session lines, two m= sections sharing BUNDLE credentials, unrelated attributes. */
    private static final String CHROME_OFFER = String.join("\r\n",
            "v=0",
            "o=- 4611731400430051336 2 IN IP4 127.0.0.1",
            "s=-",
            "t=0 0",
            "a=group:BUNDLE 0 1",
            "a=extmap-allow-mixed",
            "a=msid-semantic: WMS",
            "m=audio 58123 UDP/TLS/RTP/SAVPF 111 63",
            "c=IN IP4 203.0.113.7",
            "a=rtcp:9 IN IP4 0.0.0.0",
            "a=candidate:1467250027 1 udp 2122260223 192.0.2.21 46243 typ host generation 0 network-id 1",
            "a=candidate:2156337018 1 udp 2122262783 2001:db8:85a3::8a2e:370:7334 53312 typ host generation 0 "
                    + "network-id 2",
            "a=candidate:3317526130 1 udp 2113937151 4f9c5a2e-7d1b-4c3a-9e8f-0a1b2c3d4e5f.local 54275 typ host "
                    + "generation 0 network-cost 999",
            "a=candidate:842163049 1 udp 1677729535 203.0.113.7 58123 typ srflx raddr 192.0.2.21 rport 46243 "
                    + "generation 0 network-id 1 network-cost 10",
            "a=candidate:2999745851 1 tcp 1518280447 192.0.2.21 9 typ host tcptype active generation 0 network-id 1",
            "a=candidate:1919438123 1 udp 41885439 198.51.100.9 61234 typ relay raddr 203.0.113.7 rport 58123 "
                    + "generation 0 network-id 1",
            "a=candidate:99 1 udp 1 192.0.2.300 9 typ host",
            "a=ice-ufrag:EsAw",
            "a=ice-pwd:bP+XJMM09aR8AiX1jdukzR6Y",
            "a=ice-options:trickle renomination",
            "a=fingerprint:sha-256 7B:8B:F0:65:5F:78:E2:51:3B:AC:6F:F3:3F:46:1B:35:DC:B8:5F:64:1A:24:C2:43:F0:A1:58",
            "a=setup:actpass",
            "a=mid:0",
            "a=sendrecv",
            "a=rtcp-mux",
            "a=rtpmap:111 opus/48000/2",
            "a=fmtp:111 minptime=10;useinbandfec=1",
            "m=application 9 UDP/DTLS/SCTP webrtc-datachannel",
            "c=IN IP4 0.0.0.0",
            "a=ice-ufrag:EsAw",
            "a=ice-pwd:bP+XJMM09aR8AiX1jdukzR6Y",
            "a=ice-options:trickle renomination",
            "a=mid:1",
            "a=sctp-port:5000",
            "a=end-of-candidates",
            "");

    @Test
    void aBrowserOfferParsesWithUnusableAndBrokenCandidatesSetAside() throws Exception {
        IceDescription d = IceDescription.parseSdp(CHROME_OFFER);
        assertEquals(new IceCredentials("EsAw", "bP+XJMM09aR8AiX1jdukzR6Y"), d.credentials());
        assertEquals(List.of("trickle", "renomination"), d.iceOptions());
        assertTrue(d.endOfCandidates());
        assertEquals(List.of(CandidateType.HOST, CandidateType.HOST, CandidateType.SERVER_REFLEXIVE,
                CandidateType.RELAYED), d.candidates().stream().map(IceCandidate::type).toList());
        assertEquals(at("192.0.2.21", 46243), d.candidates().get(2).relatedAddress());
        assertTrue(d.candidates().get(1).isIpv6());
        assertEquals(3, d.ignored().size(), d.ignored().toString());
        assertTrue(d.ignored().get(0).startsWith("mDNS host name, not resolved: \"candidate:3317526130"),
                d.ignored().get(0));
        assertTrue(d.ignored().get(1).startsWith("TCP candidate (tcptype active) not supported"), d.ignored().get(1));
        assertTrue(d.ignored().get(2).startsWith("malformed candidate"), d.ignored().get(2));
        // Same text with LF line ends and without the a= prefixes reads the same.
        String bare = CHROME_OFFER.replace("\r\n", "\n").replace("\na=", "\n");
        assertEquals(d, IceDescription.parseSdp(bare));
    }

    @Test
    void firefoxStyleMediaLevelDescriptionParses() throws Exception {
        String sdp = "a=ice-pwd:0a1b2c3d4e5f60718293a4b5c6d7e8f9\n"
                + "a=ice-ufrag:9f3e2d1c\n"
                + "a=candidate:0 1 UDP 2122252543 192.0.2.33 49203 typ host\n"
                + "a=candidate:2 1 TCP 2105524479 192.0.2.33 9 typ host tcptype active\n"
                + "a=candidate:1 1 UDP 1686052863 203.0.113.40 49203 typ srflx raddr 192.0.2.33 rport 49203\n"
                + "a=end-of-candidates\n";
        IceDescription d = IceDescription.parseSdp(sdp);
        assertEquals("9f3e2d1c", d.credentials().ufrag());
        assertEquals(2, d.candidates().size());
        assertEquals(1, d.ignored().size());
        assertEquals(List.of(), d.iceOptions());
    }

    @Test
    void credentialProblemsAndBadOptionsThrowNamingTheLine() {
        String candidates = "a=candidate:1 1 udp 1 192.0.2.1 1 typ host\r\n";
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> IceDescription.parseSdp("a=ice-ufrag:EsAw1234\r\n" + candidates));
        assertTrue(missing.getMessage().contains("a=ice-pwd"), missing.getMessage());
        IllegalArgumentException conflict = assertThrows(IllegalArgumentException.class,
                () -> IceDescription.parseSdp("a=ice-ufrag:EsAw1234\na=ice-ufrag:Other999\n"
                        + "a=ice-pwd:P4ssw0rdP4ssw0rdP4ssw0\n"));
        assertTrue(conflict.getMessage().contains("a=ice-ufrag:Other999"), conflict.getMessage());
        IllegalArgumentException shortPwd = assertThrows(IllegalArgumentException.class,
                () -> IceDescription.parseSdp("a=ice-ufrag:EsAw1234\na=ice-pwd:tooShort\n"));
        assertFalse(shortPwd.getMessage().contains("tooShort"), "the password never reaches a message");
        IllegalArgumentException options = assertThrows(IllegalArgumentException.class,
                () -> IceDescription.parseSdp("a=ice-ufrag:EsAw1234\na=ice-pwd:P4ssw0rdP4ssw0rdP4ssw0\n"
                        + "a=ice-options:trickle ice_2\n"));
        assertTrue(options.getMessage().contains("ice-options:trickle ice_2"), options.getMessage());
        assertThrows(IllegalArgumentException.class, () -> IceDescription.parseSdp(""));
        assertThrows(IllegalArgumentException.class, () -> IceDescription.parseSdp((String) null));
    }

    @Test
    void tenThousandCandidatesAreRejectedByTheCap() {
        StringBuilder sdp = new StringBuilder("a=ice-ufrag:EsAw1234\na=ice-pwd:P4ssw0rdP4ssw0rdP4ssw0\n");
        for (int i = 0; i < 10_000; i++) {
            sdp.append("a=candidate:").append(i).append(" 1 udp 1 192.0.2.1 ").append(i).append(" typ host\n");
        }
        assertThrows(IllegalArgumentException.class, () -> IceDescription.parseSdp(sdp.toString()));
        // Short enough to pass the text cap: the candidate count cap is what stops it.
        StringBuilder justOver = new StringBuilder("a=ice-ufrag:EsAw1234\na=ice-pwd:P4ssw0rdP4ssw0rdP4ssw0\n");
        for (int i = 0; i <= IceDescription.MAX_CANDIDATES; i++) {
            justOver.append("candidate:1 1 udp 1 192.0.2.1 ").append(i).append(" typ host\n");
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> IceDescription.parseSdp(justOver.toString()));
        assertTrue(e.getMessage().contains("more than 100 candidate lines"), e.getMessage());
        // Exactly at the cap is fine.
        int last = justOver.lastIndexOf("candidate:");
        assertEquals(IceDescription.MAX_CANDIDATES,
                IceDescription.parseSdp(justOver.substring(0, last)).candidates().size());

        List<String> many = new ArrayList<>();
        for (int i = 0; i <= IceDescription.MAX_CANDIDATES; i++) {
            many.add("\"candidate:1 1 udp 1 192.0.2.1 " + i + " typ host\"");
        }
        String json = "{\"ufrag\":\"EsAw1234\",\"pwd\":\"P4ssw0rdP4ssw0rdP4ssw0\",\"candidates\":["
                + String.join(",", many) + "]}";
        assertThrows(IllegalArgumentException.class, () -> IceDescription.parseJson(json));
    }

    @Test
    void aMegabyteLineOrTextIsRejected() {
        String head = "a=ice-ufrag:EsAw1234\na=ice-pwd:P4ssw0rdP4ssw0rdP4ssw0\n";
        String megaLine = "a=candidate:1 1 udp 1 192.0.2.1 1 typ host x " + "y".repeat(1 << 20);
        assertThrows(IllegalArgumentException.class, () -> IceDescription.parseSdp(head + megaLine));
        assertThrows(IllegalArgumentException.class, () -> IceDescription.parseSdp(List.of(head, megaLine)));
        String longIceLine = "a=candidate:1 1 udp 1 192.0.2.1 1 typ host x " + "y".repeat(2000);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> IceDescription.parseSdp(head + longIceLine));
        assertTrue(e.getMessage().contains("longer than 1024"), e.getMessage());
        // A long unrelated line below the text cap is just skipped.
        assertEquals(0, IceDescription.parseSdp(head + "a=fmtp:96 " + "z".repeat(5000) + "\n").candidates().size());
        String megaJson = "{\"ufrag\":\"EsAw1234\",\"pwd\":\"P4ssw0rdP4ssw0rdP4ssw0\",\"x\":\""
                + "y".repeat(1 << 20) + "\"}";
        assertThrows(IllegalArgumentException.class, () -> IceDescription.parseJson(megaJson));
    }

    @Test
    void theRecordGuardsItsInvariants() throws Exception {
        assertThrows(IllegalArgumentException.class,
                () -> new IceDescription(CREDENTIALS, List.of(), List.of("trickle", "trickle"), false));
        assertThrows(IllegalArgumentException.class,
                () -> new IceDescription(CREDENTIALS, List.of(), List.of("no spaces"), false));
        assertThrows(IllegalArgumentException.class,
                () -> new IceDescription(CREDENTIALS, List.of(), List.of("a".repeat(256), "b".repeat(256),
                        "c".repeat(256), "d".repeat(256)), false));
        IceCandidate one = example().candidates().get(0);
        List<IceCandidate> tooMany = new ArrayList<>();
        for (int i = 0; i <= IceDescription.MAX_CANDIDATES; i++) {
            tooMany.add(one);
        }
        assertThrows(IllegalArgumentException.class, () -> new IceDescription(CREDENTIALS, tooMany, List.of(), false));
        IceDescription grown = new IceDescription(CREDENTIALS, List.of(), List.of(), false).withCandidate(one)
                .withEndOfCandidates(true);
        assertEquals(List.of(one), grown.candidates());
        assertTrue(grown.endOfCandidates());
    }
}
