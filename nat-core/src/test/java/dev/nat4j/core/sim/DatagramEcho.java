package dev.nat4j.core.sim;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

import dev.nat4j.core.Engine;
import dev.nat4j.core.Transmit;
import dev.nat4j.core.TransportAddress;

/**
 * A peer that echoes every datagram, byte for byte, to its sender and reports who sent it (an event per datagram):
 * the far end of relay and hole-punching tests. {@link EchoEngine} speaks a small text protocol instead.
 *
 * <pre>{@code
 * peerHost.attach(new DatagramEcho(), 9000);
 * }</pre>
 */
public final class DatagramEcho implements Engine<InetSocketAddress> {
    private final ArrayDeque<Transmit> out = new ArrayDeque<>();
    private final ArrayDeque<InetSocketAddress> events = new ArrayDeque<>();

    @Override
    public void handleDatagram(TransportAddress local, InetSocketAddress remote, ByteBuffer payload, long now) {
        ByteBuffer copy = ByteBuffer.allocate(payload.remaining());
        copy.put(0, payload, payload.position(), payload.remaining());
        out.add(new Transmit(local, remote, copy));
        events.add(remote);
    }

    @Override
    public void handleTimeout(long now) {
    }

    @Override
    public Transmit pollTransmit() {
        return out.poll();
    }

    @Override
    public long pollTimeout() {
        return NO_TIMEOUT;
    }

    @Override
    public InetSocketAddress pollEvent() {
        return events.poll();
    }
}
