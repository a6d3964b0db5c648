package dev.nat4j.ice.agent;

import dev.nat4j.ice.CandidatePair;

/**
 * One failed pair and why, as reported by {@link IceEvent.Failed}.
 *
 * @param pair      the pair
 * @param reason    what happened to its last check
 * @param errorCode the STUN error code for {@link PairFailureReason#ERROR_RESPONSE}, else 0
 */
public record PairFailure(CandidatePair pair, PairFailureReason reason, int errorCode) {

    @Override
    public String toString() {
        return pair + ": " + reason + (errorCode == 0 ? "" : " " + errorCode);
    }
}
