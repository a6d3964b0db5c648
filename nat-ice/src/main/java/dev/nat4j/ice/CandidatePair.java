package dev.nat4j.ice;

import java.util.Objects;

/**
 * A local and a remote candidate: the unit ICE checks (RFC 8445 §6.1.2.2). The local candidate of a check-list pair
 * is a host or relayed candidate (reflexive ones are replaced by their base, §6.1.2.4); the local candidate of a valid
 * pair is the mapped address the peer saw, which may be reflexive.
 *
 * @param local  our candidate
 * @param remote the peer's candidate
 */
public record CandidatePair(IceCandidate local, IceCandidate remote) {

    public CandidatePair {
        Objects.requireNonNull(local, "local");
        Objects.requireNonNull(remote, "remote");
    }

    /** {@code local.foundation ":" remote.foundation}: the pair's foundation (§6.1.2.6). */
    public String foundation() {
        return local.foundation() + ":" + remote.foundation();
    }

    @Override
    public String toString() {
        return local.type().token() + " " + local.address() + " -> " + remote.type().token() + " " + remote.address();
    }
}
