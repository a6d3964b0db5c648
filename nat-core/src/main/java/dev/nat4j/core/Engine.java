package dev.nat4j.core;

import java.nio.ByteBuffer;
import java.net.InetSocketAddress;

/**
 * The sans-IO contract every protocol machine implements: datagrams and time in, datagrams, deadlines and events out.
 *
 * <p>An engine never opens a socket, reads a clock, starts a thread or sleeps. Time is a {@code long} of nanoseconds on
 * the caller's clock ({@link System#nanoTime()} in the NIO driver, virtual nanoseconds in the simulator). After every
 * input the caller drains {@link #pollTransmit()} and {@link #pollEvent()} until they return {@code null}, then asks
 * {@link #pollTimeout()} when to call {@link #handleTimeout(long)} next.
 *
 * <pre>{@code
 * engine.handleDatagram(local, remote, payload, now);
 * for (Transmit t; (t = engine.pollTransmit()) != null; ) socket.send(t.payload(), t.destination());
 * for (E e; (e = engine.pollEvent()) != null; ) listener.accept(e);
 * long wakeAt = engine.pollTimeout();
 * }</pre>
 *
 * <p>Bad input is routine: an engine answers per its RFC or drops, and never throws because of what arrived.
 *
 * @param <E> the engine's event type (usually a sealed interface of records)
 */
public interface Engine<E> {

    /** Value of {@link #pollTimeout()} when nothing is scheduled. */
    long NO_TIMEOUT = Long.MAX_VALUE;

    /**
     * Feeds one received datagram (or one framed message on a stream transport).
     *
     * @param local   the local transport address it arrived on
     * @param remote  who sent it
     * @param payload its bytes (position to limit); borrowed for the duration of the call only
     * @param now     the current time in nanoseconds
     */
    void handleDatagram(TransportAddress local, InetSocketAddress remote, ByteBuffer payload, long now);

    /** Lets the engine act on its deadlines; call when {@code now >= pollTimeout()}. */
    void handleTimeout(long now);

    /** The next datagram to send, or {@code null} when there is none. */
    Transmit pollTransmit();

    /** The absolute time (nanoseconds) at which {@link #handleTimeout(long)} is next due, or {@link #NO_TIMEOUT}. */
    long pollTimeout();

    /** The next event for the application, or {@code null} when there is none. */
    E pollEvent();
}
