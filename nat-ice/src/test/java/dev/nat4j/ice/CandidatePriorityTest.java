package dev.nat4j.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nat4j.core.Transport;
import dev.nat4j.core.TransportAddress;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Candidate and pair priorities against values computed by hand from RFC 8445 §5.1.2.1 and §6.1.2.3. */
class CandidatePriorityTest {

    @Test
    void candidatePrioritiesUseTheRecommendedTypePreferences() {
        // 126 * 2^24 + 65535 * 2^8 + 255: the host priority that appears in countless SDP captures
        assertEquals(2_130_706_431L, CandidatePriority.candidate(CandidateType.HOST, 65535, 1));
        assertEquals(1_862_270_975L, CandidatePriority.candidate(CandidateType.PEER_REFLEXIVE, 65535, 1));
        assertEquals(1_694_498_815L, CandidatePriority.candidate(CandidateType.SERVER_REFLEXIVE, 65535, 1));
        assertEquals(16_777_215L, CandidatePriority.candidate(CandidateType.RELAYED, 65535, 1));
        assertEquals(2_130_706_430L, CandidatePriority.candidate(CandidateType.HOST, 65535, 2));
        assertEquals(126L << 24, CandidatePriority.candidate(CandidateType.HOST, 0, 256));
    }

    @Test
    void typePreferencesOrderPeerReflexiveAboveServerReflexive() {
        assertTrue(CandidateType.HOST.typePreference() > CandidateType.PEER_REFLEXIVE.typePreference());
        assertTrue(CandidateType.PEER_REFLEXIVE.typePreference() > CandidateType.SERVER_REFLEXIVE.typePreference());
        assertEquals(0, CandidateType.RELAYED.typePreference());
    }

    @Test
    void localPreferencesAreUniqueAndInterleaveIpv6First() {
        assertEquals(65535, CandidatePriority.localPreference(0, true));
        assertEquals(65534, CandidatePriority.localPreference(0, false));
        assertEquals(65533, CandidatePriority.localPreference(1, true));
        assertEquals(65532, CandidatePriority.localPreference(1, false));
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            assertTrue(seen.add(CandidatePriority.localPreference(i, true)));
            assertTrue(seen.add(CandidatePriority.localPreference(i, false)));
        }
        long p = CandidatePriority.candidate(CandidateType.HOST, 1234, 1);
        assertEquals(1234, CandidatePriority.localPreferenceOf(p));
        assertEquals(1, CandidatePriority.componentOf(p));
    }

    @Test
    void outOfRangeInputsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> CandidatePriority.candidate(127, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> CandidatePriority.candidate(CandidateType.HOST, 65536, 1));
        assertThrows(IllegalArgumentException.class, () -> CandidatePriority.candidate(CandidateType.HOST, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> CandidatePriority.candidate(CandidateType.HOST, 1, 257));
        assertThrows(IllegalArgumentException.class, () -> CandidatePriority.pair(-1, 1));
        assertThrows(IllegalArgumentException.class, () -> CandidatePriority.pair(1, 0x1_0000_0000L));
    }

    @Test
    void pairPriorityFollowsTheFormula() {
        long g = 2_130_706_431L;
        long d = 1_694_498_815L;
        assertEquals((d << 32) + 2 * g + 1, CandidatePriority.pair(g, d));
        assertEquals((d << 32) + 2 * g, CandidatePriority.pair(d, g));
        assertEquals((g << 32) + 2 * g, CandidatePriority.pair(g, g));
        assertEquals(0, CandidatePriority.pair(0, 0));
        assertEquals(3, CandidatePriority.pair(1, 0));
        assertEquals(2, CandidatePriority.pair(0, 1));
    }

    @Test
    void theControllingSideBreaksTiesBetweenMirroredPairs() {
        // Both agents compute the same number for the same pair: G and D are the same candidates seen from each side.
        long a = 2_130_706_431L;
        long b = 1_862_270_975L;
        assertNotEquals(CandidatePriority.pair(a, b), CandidatePriority.pair(b, a));
        assertTrue(CandidatePriority.comparePairs(CandidatePriority.pair(a, b), CandidatePriority.pair(b, a)) > 0);
    }

    @Test
    void pairPrioritiesCompareAsUnsignedAtTheEdges() {
        long top = 0xFFFF_FFFFL;
        long belowSign = CandidatePriority.pair(0x7FFF_FFFFL, 0x7FFF_FFFFL);
        long aboveSign = CandidatePriority.pair(0x8000_0000L, 0x8000_0000L);
        assertTrue(aboveSign < 0, "held in a long, the value is negative: a signed sort would get it wrong");
        assertTrue(CandidatePriority.comparePairs(aboveSign, belowSign) > 0);
        assertEquals(-2L, CandidatePriority.pair(top, top - 1) - 1, "2^64 - 1 exactly, as unsigned");
        assertEquals(-1L, CandidatePriority.pair(top, top), "saturates instead of wrapping to a low value");
        assertTrue(CandidatePriority.comparePairs(CandidatePriority.pair(top, top),
                CandidatePriority.pair(top - 1, top - 1)) > 0);
        long[] ordered = {CandidatePriority.pair(0, 0), CandidatePriority.pair(1, 0), CandidatePriority.pair(1, 1),
                belowSign, aboveSign, CandidatePriority.pair(top - 1, top), CandidatePriority.pair(top, top)};
        for (int i = 1; i < ordered.length; i++) {
            assertTrue(CandidatePriority.comparePairs(ordered[i], ordered[i - 1]) >= 0, "index " + i);
        }
    }

    @Test
    void foundationsAreSharedExactlyWhenTheRfcSaysSo() throws Exception {
        Foundations f = new Foundations();
        InetAddress base1 = InetAddress.getByName("192.168.1.2");
        InetAddress base2 = InetAddress.getByName("192.168.1.3");
        InetAddress stun1 = InetAddress.getByName("192.0.2.1");
        InetAddress stun2 = InetAddress.getByName("192.0.2.2");
        String host1 = f.of(CandidateType.HOST, base1, null, Transport.UDP);
        assertEquals(host1, f.of(CandidateType.HOST, base1, stun1, Transport.UDP), "server is ignored for host");
        assertNotEquals(host1, f.of(CandidateType.HOST, base2, null, Transport.UDP));
        assertNotEquals(host1, f.of(CandidateType.HOST, base1, null, Transport.TCP));
        String srflx = f.of(CandidateType.SERVER_REFLEXIVE, base1, stun1, Transport.UDP);
        assertNotEquals(host1, srflx);
        assertEquals(srflx, f.of(CandidateType.SERVER_REFLEXIVE, base1, stun1, Transport.UDP));
        assertNotEquals(srflx, f.of(CandidateType.SERVER_REFLEXIVE, base1, stun2, Transport.UDP));
        IceCandidate c = new IceCandidate(srflx, 1, 1, TransportAddress.udp(new InetSocketAddress(stun1, 1)),
                CandidateType.SERVER_REFLEXIVE, null);
        assertEquals(srflx, c.foundation());
    }

    @Test
    void candidatesAndCredentialsValidateTheirFields() {
        TransportAddress a = TransportAddress.udp(new InetSocketAddress("192.0.2.1", 1));
        assertThrows(IllegalArgumentException.class, () -> IceCandidate.host("", a, 1));
        assertThrows(IllegalArgumentException.class, () -> IceCandidate.host("a b", a, 1));
        assertThrows(IllegalArgumentException.class, () -> IceCandidate.host("x".repeat(33), a, 1));
        assertThrows(IllegalArgumentException.class, () -> new IceCredentials("abc", "x".repeat(22)));
        assertThrows(IllegalArgumentException.class, () -> new IceCredentials("abcd", "x".repeat(21)));
        IceCredentials random = IceCredentials.random(new java.security.SecureRandom());
        assertTrue(random.ufrag().length() >= 4 && random.password().length() >= 22);
        assertTrue(!random.toString().contains(random.password()), "never print the password");
    }
}
