package dev.nat4j.turn.server;

import java.net.InetSocketAddress;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.nat4j.stun.StunMessage;
import dev.nat4j.stun.StunParseException;
import dev.nat4j.stun.attribute.ErrorCode;
import dev.nat4j.stun.attribute.Nonce;
import dev.nat4j.stun.attribute.PasswordAlgorithm;
import dev.nat4j.stun.attribute.PasswordAlgorithms;
import dev.nat4j.stun.attribute.Realm;
import dev.nat4j.stun.attribute.Userhash;
import dev.nat4j.stun.attribute.Username;
import dev.nat4j.stun.auth.IntegrityCodec;
import dev.nat4j.stun.auth.NonceCookie;
import dev.nat4j.stun.auth.PasswordAlgorithmNegotiation;

/**
 * The long-term credential check of RFC 8489 §9.2.4, in its order: no integrity → 401 challenge; integrity without
 * USERNAME/USERHASH, REALM or NONCE → 400; a PASSWORD-ALGORITHMS bid-down → 400; unknown user or wrong integrity → 401
 * (identical answers, same HMAC cost); a nonce this server did not issue to this address, or an expired one → 438.
 * Keeps no state per client: nonces are {@link StatelessNonce}s.
 */
final class Authenticator {
    private static final Logger LOG = LoggerFactory.getLogger(Authenticator.class);
    static final PasswordAlgorithms OFFERED = PasswordAlgorithmNegotiation.defaultOffer();
    private static final byte[] DUMMY_KEY = new byte[16];
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    /** Who sent an authenticated request, and how to sign the answer. */
    record Auth(String username, byte[] key, int passwordAlgorithm, boolean sha256) {
    }

    /** A refusal: the error code, and whether it is a challenge carrying REALM, NONCE and PASSWORD-ALGORITHMS. */
    record Refusal(int code, boolean challenge) {
    }

    private static final Refusal CHALLENGE = new Refusal(ErrorCode.UNAUTHENTICATED, true);
    private static final Refusal STALE = new Refusal(ErrorCode.STALE_NONCE, true);
    private static final Refusal BAD_REQUEST = new Refusal(ErrorCode.BAD_REQUEST, false);

    private final TurnServerConfig config;
    private final StatelessNonce nonces;
    private Refusal refusal;

    Authenticator(TurnServerConfig config, StatelessNonce nonces) {
        this.config = config;
        this.nonces = nonces;
    }

    /** The sender of {@code request} when it authenticates; otherwise null, and {@link #refusal()} says what to send. */
    Auth check(StunMessage request, InetSocketAddress remote, long now) {
        refusal = null;
        boolean sha256 = request.integritySha256Index() >= 0;
        if (request.integrityIndex() < 0 && !sha256) {
            return refuse(CHALLENGE);
        }
        String username;
        String realm;
        String nonce;
        try {
            Nonce n = request.get(Nonce.TYPE);
            Realm r = request.get(Realm.TYPE);
            Username u = request.get(Username.TYPE);
            Userhash h = u == null ? request.get(Userhash.TYPE) : null;
            if (n == null || r == null || (u == null && h == null)) {
                return refuse(BAD_REQUEST);
            }
            nonce = n.value();
            realm = r.value();
            username = u != null ? u.value() : config.auth().userForHash(h.hash(), realm);
        } catch (StunParseException e) {
            return refuse(BAD_REQUEST);
        }
        int algorithm = PasswordAlgorithm.MD5;
        int features = NonceCookie.features(nonce);
        if (features >= 0 && (features & NonceCookie.PASSWORD_ALGORITHMS) != 0) {
            algorithm = PasswordAlgorithmNegotiation.serverSelect(request, OFFERED);
            if (algorithm < 0) {
                return refuse(BAD_REQUEST); // SECURITY-NOTES C9: bid-down
            }
        }
        byte[] key = null;
        if (username != null && realm.equals(config.realm())) {
            try {
                key = config.auth().key(username, realm, algorithm,
                        Math.floorDiv(config.unixNanosAtZero() + now, NANOS_PER_SECOND));
            } catch (RuntimeException e) {
                LOG.debug("credential lookup failed", e); // never the credentials themselves
            }
        }
        // An unknown user costs the same HMAC as a wrong password, and gets the same answer (C3).
        boolean ok = IntegrityCodec.verify(request, key != null ? key : DUMMY_KEY) && key != null;
        if (!ok) {
            return refuse(CHALLENGE);
        }
        if (!nonces.isValid(nonce, remote.getAddress(), remote.getPort(), now)) {
            return refuse(STALE); // C4, C5: only after the integrity proved the credentials
        }
        return new Auth(username, key, algorithm, sha256);
    }

    /** Why the last {@link #check} returned null. */
    Refusal refusal() {
        return refusal;
    }

    /** A fresh nonce for {@code remote}. */
    String nonceFor(InetSocketAddress remote, long now) {
        return nonces.issue(remote.getAddress(), remote.getPort(), now);
    }

    private Auth refuse(Refusal r) {
        refusal = r;
        return null;
    }
}
