package dev.nat4j.ice.agent;

import dev.nat4j.core.TransportAddress;
import dev.nat4j.ice.CandidatePair;
import dev.nat4j.ice.IceCandidate;
import dev.nat4j.ice.IceRole;
import dev.nat4j.ice.PairState;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * What an {@link IceAgent} tells its owner, drained with {@link IceAgent#pollEvent()}.
 *
 * <pre>{@code
 * for (IceEvent e; (e = agent.pollEvent()) != null; ) {
 *     switch (e) {
 *         case IceEvent.Completed c -> System.out.println("selected " + c.selected());
 *         case IceEvent.DataReceived d -> handle(d.data());
 *         default -> { }
 *     }
 * }
 * }</pre>
 */
public sealed interface IceEvent {

    /** A check-list pair moved from one state to another; {@code from} is {@code null} for a pair just formed. */
    record PairStateChanged(CandidatePair pair, PairState from, PairState to) implements IceEvent {
    }

    /** A local candidate was learnt from a check's mapped address (peer-reflexive, §7.2.5.3.1). */
    record LocalCandidateDiscovered(IceCandidate candidate) implements IceEvent {
    }

    /** A remote candidate was learnt from an incoming check's source (peer-reflexive, §7.3.1.3). */
    record RemoteCandidateDiscovered(IceCandidate candidate) implements IceEvent {
    }

    /** A role conflict (§7.3.1.1, §7.2.5.1) switched our role. */
    record RoleChanged(IceRole role) implements IceEvent {
    }

    /** The pair used for data changed (it is nominated: both agents use the same one). */
    record SelectedPairChanged(CandidatePair selected) implements IceEvent {
    }

    /** ICE completed: a pair is nominated and selected (§8.1.2). */
    record Completed(CandidatePair selected) implements IceEvent {
    }

    /** ICE failed: every pair failed and no more candidates will come; one entry per pair tried. */
    record Failed(List<PairFailure> pairs) implements IceEvent {
        public Failed {
            pairs = List.copyOf(pairs);
        }
    }

    /**
     * Application data arrived on a valid pair.
     *
     * @param local  the socket it arrived on
     * @param remote the peer address it came from
     * @param data   a private copy of the datagram
     */
    record DataReceived(TransportAddress local, InetSocketAddress remote, byte[] data) implements IceEvent {
    }
}
