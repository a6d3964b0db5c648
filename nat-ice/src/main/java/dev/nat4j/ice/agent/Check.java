package dev.nat4j.ice.agent;

import dev.nat4j.core.TransportAddress;
import dev.nat4j.ice.IceRole;
import dev.nat4j.stun.TransactionId;
import dev.nat4j.stun.transaction.ClientTransaction;
import java.net.InetSocketAddress;

/** One connectivity-check transaction and what was put in it (needed to judge its response). */
final class Check {
    final TransactionId id;
    final PairEntry pair;
    final boolean useCandidate;
    final IceRole roleSent;
    final long prioritySent;
    final byte[] key;
    final TransportAddress source;
    final InetSocketAddress destination;
    ClientTransaction transaction;
    /** No more retransmissions, but a late response still counts until {@link #forgetAt} (§7.3.1.4). */
    boolean cancelled;
    long forgetAt;

    Check(TransactionId id, PairEntry pair, boolean useCandidate, IceRole roleSent, long prioritySent, byte[] key) {
        this.id = id;
        this.pair = pair;
        this.useCandidate = useCandidate;
        this.roleSent = roleSent;
        this.prioritySent = prioritySent;
        this.key = key;
        this.source = pair.local.base();
        this.destination = pair.remote.address().socketAddress();
    }
}
