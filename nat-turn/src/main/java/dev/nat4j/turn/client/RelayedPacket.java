package dev.nat4j.turn.client;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * One datagram a peer sent to a {@link RelayEndpoint}'s relayed address.
 *
 * @param peer the peer's transport address (as the TURN server saw it)
 * @param data the payload, a private buffer (position 0, limit its length)
 */
public record RelayedPacket(InetSocketAddress peer, ByteBuffer data) {

    /** The payload as a new array. */
    public byte[] bytes() {
        byte[] b = new byte[data.remaining()];
        data.get(data.position(), b);
        return b;
    }
}
