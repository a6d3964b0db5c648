package dev.nat4j.core.internal.driver;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.nat4j.core.Engine;
import dev.nat4j.core.Transmit;
import dev.nat4j.core.Transport;
import dev.nat4j.core.TransportAddress;
import dev.nat4j.core.driver.ConnectionObserver;
import dev.nat4j.core.driver.SocketSpec;

/**
 * One engine and the sockets it owns, on the selector thread: feeds it input, drains its transmits and events after
 * every input, routes each transmit to the socket its source names, and keeps its next deadline. An exception thrown
 * by the engine is logged and the loop goes on.
 */
public final class EngineSlot<E> {
    private static final Logger LOG = LoggerFactory.getLogger(EngineSlot.class);
    /** A buggy engine that never stops returning transmits must not hold the loop forever. */
    private static final int MAX_OUTPUTS_PER_DRAIN = 65_536;
    private static final int MAX_PENDING_EVENTS = 65_536;
    private static final long STUCK_TIMER_BACKOFF = TimeUnit.MILLISECONDS.toNanos(1);

    private final EventLoop loop;
    private final Engine<E> engine;
    private final ConnectionObserver observer;
    private final SerialDelivery<E> events;
    private final List<UdpSocket> udpSockets = new ArrayList<>();
    private final List<Listener> listeners = new ArrayList<>();
    private final Map<ConnectionKey, StreamConnection> connections = new HashMap<>();
    /** Every connection, including outgoing ones not yet connected (not routable yet, but to be closed with us). */
    private final java.util.Set<StreamConnection> allConnections = new java.util.HashSet<>();
    private final List<TransportAddress> bound = new ArrayList<>();
    private long deadline = Engine.NO_TIMEOUT;
    private boolean closed;
    private long engineFailures;

    public EngineSlot(EventLoop loop, Engine<E> engine, Executor eventExecutor, Consumer<? super E> listener) {
        this.loop = loop;
        this.engine = engine;
        this.observer = engine instanceof ConnectionObserver o ? o : null;
        this.events = new SerialDelivery<>(eventExecutor, listener, MAX_PENDING_EVENTS);
    }

    public Engine<E> engine() {
        return engine;
    }

    /** Addresses of the UDP sockets and listeners opened so far, in the order they were opened. */
    public List<TransportAddress> boundAddresses() {
        return List.copyOf(bound);
    }

    public boolean isClosed() {
        return closed;
    }

    long deadline() {
        return deadline;
    }

    EventLoop loop() {
        return loop;
    }

    // ------------------------------------------------------------------------------------------ lifecycle

    /** Joins the loop. Selector thread. */
    public void attach() {
        loop.addSlot(this);
        drain(System.nanoTime());
    }

    /** Opens, binds and registers one socket; returns its actual address. Selector thread. */
    public TransportAddress open(SocketSpec spec) throws IOException {
        if (closed) {
            throw new IOException("engine is closed");
        }
        TransportAddress address;
        if (spec.transport() == Transport.UDP) {
            UdpSocket socket = UdpSocket.open(this, spec.bind());
            udpSockets.add(socket);
            address = socket.local();
        } else {
            Listener listener = Listener.open(this, spec);
            listeners.add(listener);
            address = listener.local();
        }
        bound.add(address);
        return address;
    }

    /** Closes every socket and leaves the loop. Selector thread. */
    public void close() {
        closeSockets("engine closed");
        loop.removeSlot(this);
        loop.releaseClosedChannels();
    }

    void closeSockets(String why) {
        if (closed) {
            return;
        }
        closed = true;
        deadline = Engine.NO_TIMEOUT;
        for (UdpSocket s : udpSockets) {
            s.close(why);
        }
        for (Listener l : listeners) {
            l.close(why);
        }
        for (StreamConnection c : new ArrayList<>(allConnections)) {
            c.close(why);
        }
        allConnections.clear();
        udpSockets.clear();
        listeners.clear();
        connections.clear();
    }

    // ------------------------------------------------------------------------------------------ stream connections

    /** Starts an outgoing TCP (sslContext null) or TLS connection. Selector thread. */
    public CompletableFuture<TransportAddress> connect(InetSocketAddress remote, SSLContext sslContext, String peerHost) {
        CompletableFuture<TransportAddress> ready = new CompletableFuture<>();
        if (closed) {
            loop.fail(ready, new IOException("engine is closed"));
            return ready;
        }
        if (!loop.admitConnection()) {
            loop.fail(ready, new IOException("connection limit reached: " + loop.config.maxConnections()));
            return ready;
        }
        SocketChannel channel = null;
        try {
            ProtocolFamily family = remote.getAddress() instanceof Inet6Address
                    ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
            channel = SocketChannel.open(family);
            channel.configureBlocking(false);
            channel.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
            boolean connected = channel.connect(remote);
            StreamConnection connection;
            if (sslContext == null) {
                connection = new TcpConnection(this, channel, null, remote, ready);
            } else {
                SSLEngine ssl = peerHost != null
                        ? sslContext.createSSLEngine(peerHost, remote.getPort())
                        : sslContext.createSSLEngine();
                ssl.setUseClientMode(true);
                if (peerHost != null) {
                    SSLParameters params = ssl.getSSLParameters();
                    params.setEndpointIdentificationAlgorithm("HTTPS");
                    ssl.setSSLParameters(params);
                }
                connection = new TlsConnection(this, channel, null, remote, ready, ssl);
            }
            adopt(connection);
            connection.register(connected);
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            loop.fail(ready, e);
        }
        return ready;
    }

    /** Closes the connection ({@code local}, {@code remote}) if it is open. Selector thread. */
    public boolean disconnect(TransportAddress local, InetSocketAddress remote) {
        StreamConnection c = connections.get(new ConnectionKey(local, remote));
        if (c == null) {
            return false;
        }
        c.close("closed by the application");
        loop.releaseClosedChannels();
        return true;
    }

    /** Tracks a connection for timeouts, and for routing once its key (local address) is known. */
    void adopt(StreamConnection connection) {
        if (connection.key() != null) {
            connections.put(connection.key(), connection);
        }
        allConnections.add(connection);
        loop.track(connection);
    }

    void forget(StreamConnection connection) {
        if (connection.key() != null) {
            connections.remove(connection.key(), connection);
        }
        allConnections.remove(connection);
        loop.untrack(connection);
    }

    // ------------------------------------------------------------------------------------------ engine inputs

    void handleDatagram(TransportAddress local, InetSocketAddress remote, ByteBuffer payload, long now) {
        if (closed) {
            return;
        }
        try {
            engine.handleDatagram(local, remote, payload, now);
        } catch (RuntimeException e) {
            engineFailed("handleDatagram", e);
        }
        drain(now);
    }

    void fireTimeout(long now) {
        if (closed) {
            return;
        }
        try {
            engine.handleTimeout(now);
        } catch (RuntimeException e) {
            engineFailed("handleTimeout", e);
        }
        drain(now);
        if (deadline <= now) {
            // The engine still says "due" right after handling its timeout: back off instead of spinning.
            LOG.debug("engine {} left its deadline in the past after handleTimeout", engine);
            deadline = now + STUCK_TIMER_BACKOFF;
        }
    }

    void connectionOpened(StreamConnection c, long now) {
        if (observer == null || closed) {
            return;
        }
        try {
            observer.handleConnectionOpened(c.local(), c.remote(), now);
        } catch (RuntimeException e) {
            engineFailed("handleConnectionOpened", e);
        }
        drain(now);
    }

    void connectionClosed(StreamConnection c, long now) {
        if (observer == null || closed) {
            return;
        }
        try {
            observer.handleConnectionClosed(c.local(), c.remote(), now);
        } catch (RuntimeException e) {
            engineFailed("handleConnectionClosed", e);
        }
        drain(now);
    }

    /** Drains after an application command ran against the engine. Selector thread. */
    public void afterCommand() {
        drain(System.nanoTime());
    }

    // ------------------------------------------------------------------------------------------ engine outputs

    void drain(long now) {
        if (closed) {
            return;
        }
        for (int i = 0; i < MAX_OUTPUTS_PER_DRAIN; i++) {
            Transmit t;
            try {
                t = engine.pollTransmit();
            } catch (RuntimeException e) {
                engineFailed("pollTransmit", e);
                break;
            }
            if (t == null) {
                break;
            }
            route(t, now);
            if (closed) {
                return;
            }
        }
        for (int i = 0; i < MAX_OUTPUTS_PER_DRAIN; i++) {
            E event;
            try {
                event = engine.pollEvent();
            } catch (RuntimeException e) {
                engineFailed("pollEvent", e);
                break;
            }
            if (event == null) {
                break;
            }
            events.offer(event);
        }
        events.flush();
        try {
            deadline = engine.pollTimeout();
        } catch (RuntimeException e) {
            engineFailed("pollTimeout", e);
            deadline = Engine.NO_TIMEOUT;
        }
    }

    private void route(Transmit t, long now) {
        InetSocketAddress destination = t.destination();
        ByteBuffer payload = t.payload();
        if (destination == null || payload == null || destination.isUnresolved()) {
            LOG.debug("engine {} produced an unusable transmit {}", engine, t);
            return;
        }
        TransportAddress source = t.source();
        if (source == null) {
            if (!udpSockets.isEmpty()) {
                udpSockets.get(0).send(payload, destination);
                return;
            }
            StreamConnection c = anyConnectionTo(destination);
            if (c != null) {
                c.send(payload, now);
                return;
            }
        } else if (source.transport() == Transport.UDP) {
            for (int i = 0; i < udpSockets.size(); i++) {
                UdpSocket s = udpSockets.get(i);
                if (s.local().equals(source)) {
                    s.send(payload, destination);
                    return;
                }
            }
        } else {
            StreamConnection c = connections.get(new ConnectionKey(source, destination));
            if (c != null) {
                c.send(payload, now);
                return;
            }
        }
        if (LOG.isDebugEnabled()) {
            LOG.debug("no socket for transmit from {} to {}; dropped", source, destination);
        }
    }

    private StreamConnection anyConnectionTo(InetSocketAddress destination) {
        for (StreamConnection c : connections.values()) {
            if (c.remote().equals(destination)) {
                return c;
            }
        }
        return null;
    }

    private void engineFailed(String where, RuntimeException e) {
        engineFailures++;
        // The first failures in full; afterwards every power of two, so a broken engine cannot flood the log.
        if (engineFailures <= 8 || Long.bitCount(engineFailures) == 1) {
            LOG.warn("engine {} threw from {} (failure #{})", engine, where, engineFailures, e);
        }
    }

    static void closeQuietly(java.nio.channels.Channel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing {} failed", channel, e);
        }
    }
}
