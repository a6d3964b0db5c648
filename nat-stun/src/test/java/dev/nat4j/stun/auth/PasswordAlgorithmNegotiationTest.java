package dev.nat4j.stun.auth;

import static dev.nat4j.stun.StunTestSupport.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;

import dev.nat4j.stun.StunMessage;
import dev.nat4j.stun.StunTestSupport;
import dev.nat4j.stun.attribute.PasswordAlgorithm;
import dev.nat4j.stun.attribute.PasswordAlgorithms;
import dev.nat4j.stun.attribute.Username;

/** RFC 8489 §9.2.4 server-side selection and bid-down detection (SECURITY-NOTES C9). */
class PasswordAlgorithmNegotiationTest {
    private static final PasswordAlgorithms OFFER = PasswordAlgorithmNegotiation.defaultOffer();

    private static int select(byte[] wire) {
        return PasswordAlgorithmNegotiation.serverSelect(StunMessage.parse(ByteBuffer.wrap(wire)), OFFER);
    }

    @Test
    void theDefaultOfferPrefersSha256() {
        assertEquals(PasswordAlgorithms.of(PasswordAlgorithm.SHA256, PasswordAlgorithm.MD5), OFFER);
        assertEquals(PasswordAlgorithm.sha256(), PasswordAlgorithmNegotiation.clientChoose(OFFER));
        assertEquals(PasswordAlgorithm.md5(), PasswordAlgorithmNegotiation.clientChoose(
                PasswordAlgorithms.of(0x7777, PasswordAlgorithm.MD5)));
        assertNull(PasswordAlgorithmNegotiation.clientChoose(PasswordAlgorithms.of(0x7777)));
    }

    @Test
    void anHonestRequestGetsItsChoice() {
        assertEquals(PasswordAlgorithm.SHA256, select(request(new Username("u"), OFFER, PasswordAlgorithm.sha256())));
        assertEquals(PasswordAlgorithm.MD5, select(request(new Username("u"), OFFER, PasswordAlgorithm.md5())));
    }

    @Test
    void aRequestWithoutEitherAttributeIsMd5() {
        assertEquals(PasswordAlgorithm.MD5, select(request(new Username("u"))));
    }

    @Test
    void bidDownAndInconsistentRequestsGet400() {
        // the attacker removed SHA-256 from the offer the client saw
        assertEquals(-1, select(request(PasswordAlgorithms.of(PasswordAlgorithm.MD5), PasswordAlgorithm.md5())));
        // reordered
        assertEquals(-1, select(request(PasswordAlgorithms.of(PasswordAlgorithm.MD5, PasswordAlgorithm.SHA256),
                PasswordAlgorithm.md5())));
        // only one of the two attributes
        assertEquals(-1, select(request(OFFER)));
        assertEquals(-1, select(request(PasswordAlgorithm.sha256())));
        // a choice that was not offered, or one nobody supports
        PasswordAlgorithms withUnknown = PasswordAlgorithms.of(PasswordAlgorithm.SHA256, 0x7777);
        assertEquals(-1, select(request(OFFER, PasswordAlgorithm.of(0x7777))));
        assertEquals(-1, PasswordAlgorithmNegotiation.serverSelect(StunMessage.parse(ByteBuffer.wrap(
                request(withUnknown, PasswordAlgorithm.of(0x7777)))), withUnknown));
        // malformed PASSWORD-ALGORITHM
        assertEquals(-1, select(StunTestSupport.rawRequest(PasswordAlgorithm.CODE, new byte[] {0, 2})));
    }
}
