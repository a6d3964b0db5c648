package dev.nat4j.turn.client;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * What a {@link TurnClientEngine} tells its owner: the allocation's life (allocated, refreshed, failed, closed),
 * permission and channel state, and data relayed from peers.
 *
 * <pre>{@code
 * if (event instanceof TurnEvent.Allocated a) {
 *     System.out.println("relayed at " + a.relayedAddresses());
 * } else if (event instanceof TurnEvent.PeerData d) {
 *     handle(d.peer(), d.data());
 * } else if (event instanceof TurnEvent.Failed f) {
 *     System.err.println(f.error());
 * }
 * }</pre>
 */
public sealed interface TurnEvent {

    /**
     * The Allocate succeeded.
     *
     * @param relayedAddresses one relayed address, or two (IPv4 and IPv6) for a dual allocation
     * @param mappedAddress    the client's address as the server saw it (XOR-MAPPED-ADDRESS), or {@code null}
     * @param lifetimeSeconds  the lifetime the server granted
     * @param server           the server that granted it (differs from the configured one after a redirect)
     */
    record Allocated(List<InetSocketAddress> relayedAddresses, InetSocketAddress mappedAddress, long lifetimeSeconds,
            InetSocketAddress server) implements TurnEvent {
        /** Makes the list immutable. */
        public Allocated {
            relayedAddresses = List.copyOf(relayedAddresses);
        }
    }

    /**
     * A Refresh succeeded.
     *
     * @param lifetimeSeconds the lifetime granted from now
     */
    record Refreshed(long lifetimeSeconds) implements TurnEvent {
    }

    /**
     * A 300 (Try Alternate) sent the client to another server. Over UDP the engine carries on by itself; over TCP/TLS
     * its owner must connect there and call {@link TurnClientEngine#start}.
     *
     * @param from the server that redirected
     * @param to   the alternate server
     */
    record Redirected(InetSocketAddress from, InetSocketAddress to) implements TurnEvent {
    }

    /**
     * A permission for {@code peer} was installed or refreshed: data from that IP address is relayed.
     *
     * @param peer the peer's IP address (permissions ignore ports)
     */
    record PermissionInstalled(InetAddress peer) implements TurnEvent {
    }

    /**
     * A permission could not be installed or refreshed; data queued for that peer is dropped.
     *
     * @param peer  the peer's IP address
     * @param error why
     */
    record PermissionFailed(InetAddress peer, TurnError error) implements TurnEvent {
    }

    /**
     * A channel is bound to {@code peer}: data to and from it now travels as ChannelData.
     *
     * @param peer    the peer
     * @param channel the channel number, 0x4000..0x4FFF
     */
    record ChannelBound(InetSocketAddress peer, int channel) implements TurnEvent {
    }

    /**
     * A ChannelBind failed; data to {@code peer} keeps travelling in Send indications.
     *
     * @param peer  the peer
     * @param error why
     */
    record ChannelBindFailed(InetSocketAddress peer, TurnError error) implements TurnEvent {
    }

    /**
     * Data a peer sent to the relayed address, from a Data indication or ChannelData.
     *
     * @param peer    the peer
     * @param data    a private copy of the payload (position 0, limit its length)
     * @param channel the channel it came on, or 0 for a Data indication
     */
    record PeerData(InetSocketAddress peer, ByteBuffer data, int channel) implements TurnEvent {
    }

    /**
     * The allocation failed or was lost; the engine is done.
     *
     * @param error why
     */
    record Failed(TurnError error) implements TurnEvent {
    }

    /** The allocation was deleted (Refresh with LIFETIME 0 answered or timed out) after {@code close}. */
    record Closed() implements TurnEvent {
    }
}
