package dev.nat4j.turn.client;

import java.util.function.Supplier;

import dev.nat4j.stun.StunMessage;
import dev.nat4j.stun.StunParseException;
import dev.nat4j.stun.StunWriter;
import dev.nat4j.stun.attribute.Nonce;
import dev.nat4j.stun.attribute.PasswordAlgorithm;
import dev.nat4j.stun.attribute.PasswordAlgorithms;
import dev.nat4j.stun.attribute.Realm;
import dev.nat4j.stun.attribute.Userhash;
import dev.nat4j.stun.attribute.Username;
import dev.nat4j.stun.auth.LongTermCredentials;
import dev.nat4j.stun.auth.NonceCookie;
import dev.nat4j.stun.auth.OpaqueString;
import dev.nat4j.stun.auth.PasswordAlgorithmNegotiation;

/**
 * The client's long-term credential state with one server (RFC 8489 §9.2.4-9.2.5): realm, nonce, the negotiated
 * password algorithm and the key derived from them. Learned from 401/438 answers, applied to every later request.
 */
final class AuthState {
    private TurnCredentials credentials;
    private String username;
    private String realm;
    private String nonce;
    private PasswordAlgorithms offered;
    private PasswordAlgorithm chosen;
    private boolean sha256Integrity;
    private boolean userhash;
    private byte[] key;

    /** True once a realm, nonce and key are known, so requests can be signed. */
    boolean ready() {
        return key != null && nonce != null;
    }

    /** Forgets the realm and nonce (a new server); credentials are fetched again at its 401. */
    void reset() {
        credentials = null;
        username = null;
        realm = null;
        nonce = null;
        offered = null;
        chosen = null;
        sha256Integrity = false;
        userhash = false;
        key = null;
    }

    String realm() {
        return realm;
    }

    String username() {
        return username;
    }

    /**
     * Learns realm, nonce and password algorithm from a 401 or 438. On a 401 the credentials are fetched again from
     * {@code supplier}, so that time-limited ones are fresh.
     *
     * @return {@code null} when the state is ready for a retry, or why no retry is possible
     */
    String learn(StunMessage answer, boolean fetchCredentials, Supplier<TurnCredentials> supplier) {
        String newRealm;
        String newNonce;
        PasswordAlgorithms newOffered;
        try {
            Realm r = answer.get(Realm.TYPE);
            Nonce n = answer.get(Nonce.TYPE);
            newOffered = answer.get(PasswordAlgorithms.TYPE);
            newNonce = n == null ? null : n.value();
            newRealm = r != null ? r.value() : realm;
        } catch (StunParseException | IllegalArgumentException e) {
            return "malformed REALM, NONCE or PASSWORD-ALGORITHMS: " + e.getMessage();
        }
        if (newNonce == null || newNonce.isEmpty()) {
            return "no NONCE in the answer";
        }
        if (newRealm == null) {
            return "no REALM in the answer";
        }
        int features = NonceCookie.features(newNonce);
        boolean algorithmsBit = features >= 0 && (features & NonceCookie.PASSWORD_ALGORITHMS) != 0;
        // RFC 8489 §9.2.5: the cookie and the attribute must agree, or someone tampered with one of them.
        if (algorithmsBit && newOffered == null) {
            return "nonce cookie announces password algorithms but PASSWORD-ALGORITHMS is missing";
        }
        if (!algorithmsBit && newOffered != null) {
            return "PASSWORD-ALGORITHMS present without the nonce cookie bit (possible bid-down)";
        }
        PasswordAlgorithm newChosen = null;
        if (newOffered != null) {
            newChosen = PasswordAlgorithmNegotiation.clientChoose(newOffered);
            if (newChosen == null) {
                return "no supported algorithm in PASSWORD-ALGORITHMS " + newOffered.algorithms();
            }
        }
        TurnCredentials c = credentials;
        if (fetchCredentials || c == null) {
            if (supplier == null) {
                return "the server requires credentials and none are configured";
            }
            try {
                c = supplier.get();
            } catch (RuntimeException e) {
                return "the credentials supplier failed: " + e;
            }
            if (c == null) {
                return "the credentials supplier returned none";
            }
        }
        byte[] newKey;
        String preparedUser;
        try {
            preparedUser = OpaqueString.prepare(c.username());
            int algorithm = newChosen != null ? newChosen.algorithm() : PasswordAlgorithm.MD5;
            newKey = LongTermCredentials.key(algorithm, preparedUser, newRealm, c.password());
            new Username(preparedUser); // validates length and characters before any request is built
        } catch (IllegalArgumentException e) {
            return "unusable credentials or realm: " + e.getMessage();
        }
        credentials = c;
        username = preparedUser;
        realm = newRealm;
        nonce = newNonce;
        offered = newOffered;
        chosen = newChosen;
        sha256Integrity = algorithmsBit;
        userhash = features >= 0 && (features & NonceCookie.USERNAME_ANONYMITY) != 0;
        key = newKey;
        return null;
    }

    /**
     * Appends USERNAME (or USERHASH), REALM, NONCE, the password algorithm echo, and the integrity attribute.
     *
     * @return the key the response must be verified with
     */
    byte[] sign(StunWriter writer) {
        if (userhash) {
            writer.add(new Userhash(LongTermCredentials.userhash(username, realm)));
        } else {
            writer.add(new Username(username));
        }
        writer.add(new Realm(realm)).add(new Nonce(nonce));
        if (offered != null) {
            writer.add(offered).add(chosen);
        }
        if (sha256Integrity) {
            writer.addMessageIntegritySha256(key);
        } else {
            writer.addMessageIntegrity(key);
        }
        return key;
    }
}
