package dev.nat4j.turn.client;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * What an outstanding TURN request was for, carried as its transaction's tag, with the retry counts of its chain
 * (401/438/300 answers start a new transaction that inherits them) and the key its response must be verified with.
 */
record TurnRequest(Kind kind, InetAddress peerIp, InetSocketAddress peer, int channel, long lifetimeSeconds,
        int authAttempts, int staleNonceRetries, byte[] key) {

    enum Kind { ALLOCATE, REFRESH, CLOSE, CREATE_PERMISSION, CHANNEL_BIND }

    static TurnRequest of(Kind kind, InetAddress peerIp, InetSocketAddress peer, int channel, long lifetimeSeconds) {
        return new TurnRequest(kind, peerIp, peer, channel, lifetimeSeconds, 0, 0, null);
    }

    TurnRequest signedWith(byte[] k) {
        return new TurnRequest(kind, peerIp, peer, channel, lifetimeSeconds, authAttempts, staleNonceRetries, k);
    }

    TurnRequest afterUnauthenticated(boolean counted) {
        return new TurnRequest(kind, peerIp, peer, channel, lifetimeSeconds, authAttempts + (counted ? 1 : 0),
                staleNonceRetries, null);
    }

    TurnRequest afterStaleNonce() {
        return new TurnRequest(kind, peerIp, peer, channel, lifetimeSeconds, authAttempts, staleNonceRetries + 1, null);
    }

    TurnRequest fresh() {
        return new TurnRequest(kind, peerIp, peer, channel, lifetimeSeconds, 0, 0, null);
    }
}
