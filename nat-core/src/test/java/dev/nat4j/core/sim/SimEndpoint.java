package dev.nat4j.core.sim;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

import dev.nat4j.core.Engine;
import dev.nat4j.core.Transmit;
import dev.nat4j.core.Transport;
import dev.nat4j.core.TransportAddress;

/**
 * An {@link Engine} running on a {@link SimHost}'s sockets. The network calls the engine; this class collects what it
 * reports. Every event the engine emits is kept in {@link #events()} (and handed to a listener, if set).
 *
 * <pre>{@code
 * SimEndpoint<MyEvent> ep = host.attach(engine, 5000);
 * net.awaitOrFail(() -> ep.events(Connected.class).size() == 1, Duration.ofSeconds(10), "connected");
 * }</pre>
 *
 * @param <E> the engine's event type
 */
public final class SimEndpoint<E> {
    private static final int MAX_OUTPUTS_PER_DRAIN = 1_000_000;

    private final SimNetwork network;
    private final SimHost host;
    private final Engine<E> engine;
    private final List<TransportAddress> sockets;  // mutable: bind()/unbind() at run time
    private final List<E> events = new ArrayList<>();
    private Consumer<? super E> listener;
    private boolean closed;

    SimEndpoint(SimNetwork network, SimHost host, Engine<E> engine, List<TransportAddress> sockets) {
        this.network = network;
        this.host = host;
        this.engine = engine;
        this.sockets = new ArrayList<>(sockets);
    }

    /** The engine (call it inside {@link SimNetwork#execute} so its output is sent at once). */
    public Engine<E> engine() {
        return engine;
    }

    /** The host it runs on. */
    public SimHost host() {
        return host;
    }

    /** Its bound sockets, a snapshot; the first is the default source. */
    public List<TransportAddress> sockets() {
        return List.copyOf(sockets);
    }

    /**
     * Binds one more socket while running, as a driver does when an engine asks for a new port (e.g. a TURN server's
     * relayed address). {@code socket} must be an address of the host; port 0 picks a free ephemeral port.
     *
     * @return the bound socket
     */
    public TransportAddress bind(InetSocketAddress socket) {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        TransportAddress bound = TransportAddress.udp(host.bindExtra(this, socket));
        sockets.add(bound);
        network.trace(() -> host.name() + ": bind " + bound);
        return bound;
    }

    /** Releases a socket bound here (not the default one); datagrams to it are then unreachable. */
    public void unbind(TransportAddress socket) {
        if (socket.equals(localAddress())) {
            throw new IllegalArgumentException("the default socket stays bound until close(): " + socket);
        }
        if (sockets.remove(socket)) {
            host.release(socket.socketAddress());
            network.trace(() -> host.name() + ": unbind " + socket);
        }
    }

    /** The default (first) socket. */
    public TransportAddress localAddress() {
        return sockets.get(0);
    }

    /** Every event the engine has emitted, oldest first. */
    public List<E> events() {
        return Collections.unmodifiableList(events);
    }

    /** The events of one type, oldest first. */
    public <T extends E> List<T> events(Class<T> type) {
        List<T> out = new ArrayList<>();
        for (E e : events) {
            if (type.isInstance(e)) {
                out.add(type.cast(e));
            }
        }
        return out;
    }

    /** Forgets the collected events. */
    public void clearEvents() {
        events.clear();
    }

    /**
     * Also hands each new event to {@code consumer} as it is drained. The consumer may call the engine (e.g. to answer
     * at once); whatever that queues is sent in the same drain.
     */
    public SimEndpoint<E> onEvent(Consumer<? super E> consumer) {
        this.listener = consumer;
        return this;
    }

    /** Unbinds the sockets and stops calling the engine (the host "closes its sockets"). */
    public void close() {
        if (!closed) {
            closed = true;
            host.unbind(this);
            network.unregister(this);
        }
    }

    /** True once {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    long deadline() {
        if (closed) {
            return Long.MAX_VALUE;
        }
        try {
            return engine.pollTimeout();
        } catch (RuntimeException e) {
            throw network.engineFailed(host.name() + " pollTimeout", e);
        }
    }

    void deliver(SimDatagram datagram) {
        if (closed) {
            return;
        }
        // A fresh buffer per delivery: the engine may keep or scribble on it without touching other copies.
        ByteBuffer payload = ByteBuffer.wrap(datagram.payload().clone());
        try {
            engine.handleDatagram(TransportAddress.udp(datagram.destination()), datagram.source(), payload,
                    network.now());
        } catch (RuntimeException e) {
            throw network.engineFailed(host.name() + " handleDatagram " + datagram, e);
        }
        drain();
    }

    void timeout(long now) {
        if (closed) {
            return;
        }
        try {
            engine.handleTimeout(now);
        } catch (RuntimeException e) {
            throw network.engineFailed(host.name() + " handleTimeout", e);
        }
        drain();
    }

    void drain() {
        if (closed) {
            return;
        }
        int outputs = 0;
        try {
            // Repeat: a listener reacting to an event may call the engine and queue more output.
            boolean more = true;
            while (more) {
                more = false;
                for (Transmit t; (t = engine.pollTransmit()) != null; ) {
                    guard(++outputs);
                    send(t);
                }
                for (E e; (e = engine.pollEvent()) != null; ) {
                    guard(++outputs);
                    more = true;
                    events.add(e);
                    E event = e;
                    network.trace(() -> host.name() + ": event " + event);
                    if (listener != null) {
                        listener.accept(e);
                    }
                }
            }
        } catch (SimulationException e) {
            throw e;
        } catch (RuntimeException e) {
            throw network.engineFailed(host.name() + " poll", e);
        }
    }

    private void guard(int outputs) {
        if (outputs > MAX_OUTPUTS_PER_DRAIN) {
            throw new SimulationException("engine on " + host.name() + " produced more than " + MAX_OUTPUTS_PER_DRAIN
                    + " outputs after one input — " + network.describe(), null);
        }
    }

    private void send(Transmit t) {
        TransportAddress source = t.source() == null ? localAddress() : t.source();
        InetSocketAddress destination = Objects.requireNonNull(t.destination(), "transmit destination");
        ByteBuffer view = t.payload().duplicate();
        byte[] bytes = new byte[view.remaining()];
        view.get(bytes);
        SimDatagram datagram = new SimDatagram(source.socketAddress(), destination, bytes);
        if (source.transport() != Transport.UDP || !sockets.contains(source) || destination.isUnresolved()) {
            network.stats().countSent();
            network.drop(DropReason.BAD_SOURCE, datagram, host.name() + " (" + source + " is not a bound UDP socket"
                    + " of this engine, or the destination is unresolved)");
            return;
        }
        network.sendFrom(host, datagram);
    }
}
