package dev.nat4j.ice.agent;

import dev.nat4j.ice.CandidatePair;
import dev.nat4j.ice.PairState;

/**
 * A snapshot of one pair the agent knows: on the check list, or (for valid pairs whose local candidate is reflexive)
 * only on the valid list.
 *
 * @param pair      the pair
 * @param state     its state
 * @param priority  its pair priority for our current role, unsigned 64-bit
 * @param inCheckList whether it is on the check list (else it is a valid pair only, §7.2.5.3.2 case 3)
 * @param valid     on the valid list
 * @param nominated nominated (§7.2.5.3.4, §7.3.1.5)
 */
public record CheckListEntry(CandidatePair pair, PairState state, long priority, boolean inCheckList, boolean valid,
                             boolean nominated) {
}
