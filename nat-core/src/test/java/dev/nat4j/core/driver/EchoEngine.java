package dev.nat4j.core.driver;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.function.Function;

import dev.nat4j.core.Engine;
import dev.nat4j.core.Transmit;
import dev.nat4j.core.TransportAddress;

/**
 * A small responder for driver tests: reports what arrives, echoes it back (from the socket it arrived on, or from
 * where {@link #replyFrom} says), sends on request, and keeps one timer. Not thread-safe, as engines are not.
 */
class EchoEngine implements Engine<TestEvent>, ConnectionObserver {
    private final ArrayDeque<Transmit> transmits = new ArrayDeque<>();
    private final ArrayDeque<TestEvent> events = new ArrayDeque<>();
    private long deadline = NO_TIMEOUT;
    boolean echo = true;
    Function<TransportAddress, TransportAddress> replyFrom = local -> local;
    int timeouts;

    @Override
    public void handleDatagram(TransportAddress local, InetSocketAddress remote, ByteBuffer payload, long now) {
        byte[] bytes = new byte[payload.remaining()];
        payload.get(bytes);
        events.add(new TestEvent.Received(local, remote, bytes));
        if (echo) {
            transmits.add(new Transmit(replyFrom.apply(local), remote, ByteBuffer.wrap(bytes)));
        }
    }

    @Override
    public void handleTimeout(long now) {
        timeouts++;
        if (now >= deadline) {
            events.add(new TestEvent.TimedOut(deadline, now));
            deadline = NO_TIMEOUT;
        }
    }

    @Override
    public Transmit pollTransmit() {
        return transmits.poll();
    }

    @Override
    public long pollTimeout() {
        return deadline;
    }

    @Override
    public TestEvent pollEvent() {
        return events.poll();
    }

    @Override
    public void handleConnectionOpened(TransportAddress local, InetSocketAddress remote, long now) {
        events.add(new TestEvent.Opened(local, remote));
    }

    @Override
    public void handleConnectionClosed(TransportAddress local, InetSocketAddress remote, long now) {
        events.add(new TestEvent.Closed(local, remote));
    }

    /** Queues a datagram / frame; call through the handle so it runs on the driver thread. */
    void send(TransportAddress source, InetSocketAddress destination, byte[] bytes) {
        transmits.add(new Transmit(source, destination, ByteBuffer.wrap(bytes)));
    }

    void armTimer(long at) {
        deadline = at;
    }
}
