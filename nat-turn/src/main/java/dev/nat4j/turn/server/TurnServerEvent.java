package dev.nat4j.turn.server;

import java.net.InetSocketAddress;

import dev.nat4j.core.TransportAddress;

/**
 * What a {@link TurnServerEngine} reports: allocation lifecycle only, never per packet.
 *
 * <pre>{@code
 * for (TurnServerEvent e; (e = engine.pollEvent()) != null; ) log.info("{}", e);
 * }</pre>
 */
public sealed interface TurnServerEvent {

    /** An allocation was created. */
    record AllocationCreated(TransportAddress clientLocal, InetSocketAddress client, String username,
                             TransportAddress relay, long lifetimeSeconds) implements TurnServerEvent {
    }

    /** An allocation's lifetime was refreshed. */
    record AllocationRefreshed(InetSocketAddress client, TransportAddress relay, long lifetimeSeconds)
            implements TurnServerEvent {
    }

    /** An allocation ended; counters are for its whole life. */
    record AllocationDeleted(InetSocketAddress client, String username, TransportAddress relay, Reason reason,
                             long packetsToPeer, long bytesToPeer, long packetsToClient, long bytesToClient)
            implements TurnServerEvent {
    }

    /** Why an allocation ended. */
    enum Reason {
        /** Refresh with LIFETIME 0. */
        DELETED_BY_CLIENT,
        /** Its lifetime ran out. */
        EXPIRED,
        /** Its TCP/TLS control connection closed. */
        CONNECTION_CLOSED,
        /** The server closed it (shutdown). */
        SERVER_CLOSED
    }
}
