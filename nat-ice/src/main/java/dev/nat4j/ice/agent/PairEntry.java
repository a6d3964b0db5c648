package dev.nat4j.ice.agent;

import dev.nat4j.ice.CandidatePair;
import dev.nat4j.ice.IceCandidate;
import dev.nat4j.ice.PairState;

/** The agent's mutable record of one candidate pair. */
final class PairEntry {
    final LocalCandidate local;
    final IceCandidate remote;
    final CandidatePair pair;
    long priority;
    PairState state = PairState.FROZEN;
    boolean inCheckList;
    boolean valid;
    boolean nominated;
    /** Controlled side: a USE-CANDIDATE arrived for this pair before it succeeded (§7.3.1.5). */
    boolean nominateOnSuccess;
    /** Controlling side: the next check of this pair carries USE-CANDIDATE (§8.1.1). */
    boolean nominating;
    boolean queued;
    /** How often a timed-out nomination check of this pair was repeated. */
    int nominationRetries;
    /** For a check-list pair: the valid pair its check produced. */
    PairEntry validPair;
    /** For a valid pair: the check-list pair whose check produced it. */
    PairEntry generator;
    /** The outstanding, not cancelled check, or null. */
    Check current;
    PairFailure failure;

    PairEntry(LocalCandidate local, IceCandidate remote) {
        this.local = local;
        this.remote = remote;
        this.pair = new CandidatePair(local.candidate(), remote);
    }

    String foundation() {
        return pair.foundation();
    }

    boolean pending() {
        return state == PairState.FROZEN || state == PairState.WAITING || state == PairState.IN_PROGRESS;
    }

    CheckListEntry snapshot() {
        return new CheckListEntry(pair, state, priority, inCheckList, valid, nominated);
    }

    @Override
    public String toString() {
        return pair + " " + state;
    }
}
