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
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    /** Routing for transmits that name a UDP source: one lookup per packet, whatever the number of sockets. */
    private final Map<TransportAddress, UdpSocket> udpSockets = new LinkedHashMap<>();
    /** Where a transmit without a source leaves from: the oldest UDP socket still open. */
    private UdpSocket primaryUdp;
    private final Map<TransportAddress, Listener> listeners = new LinkedHashMap<>();
    private final Map<ConnectionKey, StreamConnection> connections = new HashMap<>();
    /** Every connection, including outgoing ones not yet connected (not routable yet, but to be closed with us). */
    private final java.util.Set<StreamConnection> allConnections = new java.util.HashSet<>();
    /**
     * Addresses of the open UDP sockets and listeners, oldest first. Written on the selector thread, read from any
     * thread through {@link #boundAddresses()}, hence the lock; the list view is rebuilt only when asked for after a
     * change, so opening and closing stay O(1) however many sockets the engine has.
     */
    private final Object boundLock = new Object();
    private final Set<TransportAddress> bound = new LinkedHashSet<>();
    private List<TransportAddress> boundView = List.of();
    private boolean boundViewStale;
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

    /** Addresses of the UDP sockets and listeners open now, in the order they were opened. Any thread. */
    public List<TransportAddress> boundAddresses() {
        synchronized (boundLock) {
            if (boundViewStale) {
                boundView = List.copyOf(bound);
                boundViewStale = false;
            }
            return boundView;
        }
    }

    /** The oldest of {@link #boundAddresses()}, or null when none is open. Any thread. */
    public TransportAddress firstBoundAddress() {
        synchronized (boundLock) {
            return bound.isEmpty() ? null : bound.iterator().next();
        }
    }

    /** How many UDP sockets and listeners are open. Any thread. */
    public int boundCount() {
        synchronized (boundLock) {
            return bound.size();
        }
    }

    private void addBound(TransportAddress address) {
        synchronized (boundLock) {
            bound.add(address);
            boundViewStale = true;
        }
    }

    private void removeBound(TransportAddress address) {
        synchronized (boundLock) {
            if (bound.remove(address)) {
                boundViewStale = true;
            }
        }
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
            address = socket.local();
            if (udpSockets.putIfAbsent(address, socket) != null) {
                // The kernel refuses a second bind to the same address; if it ever did not, routing would be ambiguous.
                socket.close("duplicate address");
                loop.releaseClosedChannels();
                throw new IOException("engine already has a UDP socket on " + address);
            }
            if (primaryUdp == null) {
                primaryUdp = socket;
            }
        } else {
            Listener listener = Listener.open(this, spec);
            address = listener.local();
            if (listeners.putIfAbsent(address, listener) != null) {
                listener.close("duplicate address");
                loop.releaseClosedChannels();
                throw new IOException("engine already has a listener on " + address);
            }
        }
        addBound(address);
        return address;
    }

    /**
     * Closes the engine's UDP socket or listener bound to {@code local} (connections accepted on a listener stay
     * open) and lets go of its port: at once when called outside a selector round (a command, a deadline), otherwise
     * as soon as the current round ends, before any command or deadline runs. Selector thread.
     *
     * @return false when the engine has no open socket or listener on {@code local}
     */
    public boolean closeSocket(TransportAddress local) {
        if (closed || local == null) {
            return false;
        }
        IoHandler handler;
        if (local.transport() == Transport.UDP) {
            UdpSocket socket = udpSockets.remove(local);
            if (socket != null && socket == primaryUdp) {
                primaryUdp = udpSockets.isEmpty() ? null : udpSockets.values().iterator().next();
            }
            handler = socket;
        } else {
            handler = listeners.remove(local);
        }
        if (handler == null) {
            return false;
        }
        removeBound(local);
        handler.close("closed by the application");
        loop.releaseClosedChannels();
        return true;
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
        for (UdpSocket s : udpSockets.values()) {
            s.close(why);
        }
        for (Listener l : listeners.values()) {
            l.close(why);
        }
        for (StreamConnection c : new ArrayList<>(allConnections)) {
            c.close(why);
        }
        allConnections.clear();
        udpSockets.clear();
        primaryUdp = null;
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
            if (primaryUdp != null) {
                primaryUdp.send(payload, destination);
                return;
            }
            StreamConnection c = anyConnectionTo(destination);
            if (c != null) {
                c.send(payload, now);
                return;
            }
        } else if (source.transport() == Transport.UDP) {
            UdpSocket s = udpSockets.get(source);
            if (s != null) {
                s.send(payload, destination);
                return;
            }
        } else {
            StreamConnection c = connections.get(new ConnectionKey(source, destination));
            if (c != null) {
                c.send(payload, now);
                return;
            }
        }
        if (LOG.isDebugEnabled()) {
            // Also the normal fate of a transmit from a socket the application closed a moment ago.
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
