package dev.nat4j.stun.auth;

import dev.nat4j.stun.StunMessage;
import dev.nat4j.stun.StunParseException;
import dev.nat4j.stun.attribute.PasswordAlgorithm;
import dev.nat4j.stun.attribute.PasswordAlgorithms;

/**
 * Password algorithm negotiation of RFC 8489 §9.2.4/§9.2.5, with its bid-down protection: the server offers
 * PASSWORD-ALGORITHMS in its 401/438 (and sets the password-algorithms bit of the {@link NonceCookie}); the client
 * echoes the list unchanged and names its choice in PASSWORD-ALGORITHM; the server refuses (400) a request whose list
 * differs from what it offered, since an attacker may have removed the strong algorithms on the way.
 *
 * <pre>{@code
 * // server, after the nonce has been checked and carries the password-algorithms bit:
 * int algorithm = PasswordAlgorithmNegotiation.serverSelect(request, offered);
 * if (algorithm < 0) { answer 400 } else { key = LongTermCredentials.key(algorithm, user, realm, password); }
 *
 * // client, on a 401 that carries PASSWORD-ALGORITHMS:
 * PasswordAlgorithm chosen = PasswordAlgorithmNegotiation.clientChoose(offeredInResponse);
 * }</pre>
 */
public final class PasswordAlgorithmNegotiation {
    private PasswordAlgorithmNegotiation() {}

    /**
     * The algorithm the server must use for {@code request}, or -1 when it must answer 400 (RFC 8489 §9.2.4).
     *
     * <p>With neither PASSWORD-ALGORITHMS nor PASSWORD-ALGORITHM the request is processed as MD5. Otherwise both must
     * be present, PASSWORD-ALGORITHMS must equal {@code offered} exactly (same entries, same order), and
     * PASSWORD-ALGORITHM must be one of its entries and one this library supports. Malformed attributes give -1.
     *
     * @param offered the list the server sent with the nonce the request carries
     */
    public static int serverSelect(StunMessage request, PasswordAlgorithms offered) {
        boolean hasList = request.has(PasswordAlgorithms.CODE);
        boolean hasChoice = request.has(PasswordAlgorithm.CODE);
        if (!hasList && !hasChoice) {
            return PasswordAlgorithm.MD5;
        }
        if (!hasList || !hasChoice) {
            return -1;
        }
        try {
            PasswordAlgorithms echoed = request.get(PasswordAlgorithms.TYPE);
            PasswordAlgorithm choice = request.get(PasswordAlgorithm.TYPE);
            if (!echoed.equals(offered) || !offered.contains(choice)
                    || !LongTermCredentials.isSupported(choice.algorithm())) {
                return -1;
            }
            return choice.algorithm();
        } catch (StunParseException e) {
            return -1;
        }
    }

    /**
     * The algorithm a client picks from the server's list: the first entry it supports, in the server's order of
     * preference; {@code null} when it supports none (the client then cannot authenticate).
     */
    public static PasswordAlgorithm clientChoose(PasswordAlgorithms offered) {
        for (PasswordAlgorithm a : offered.algorithms()) {
            if (LongTermCredentials.isSupported(a.algorithm())) {
                return a;
            }
        }
        return null;
    }

    /** The list a server offers by default: SHA-256 first, then MD5 for RFC 5389 clients. */
    public static PasswordAlgorithms defaultOffer() {
        return PasswordAlgorithms.of(PasswordAlgorithm.SHA256, PasswordAlgorithm.MD5);
    }
}
