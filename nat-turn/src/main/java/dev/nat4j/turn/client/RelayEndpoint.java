package dev.nat4j.turn.client;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.nat4j.core.Transport;
import dev.nat4j.core.TransportAddress;
import dev.nat4j.core.driver.EngineHandle;
import dev.nat4j.core.driver.NioDriver;

/**
 * A TURN allocation used like a datagram socket: {@link #send} to a peer through the relay, {@link #receive} what
 * peers send to the {@link #relayedAddress()}. Permissions and channels are installed and kept alive behind the
 * scenes (the first send to a peer installs them); the allocation is refreshed until {@link #close()}.
 *
 * <pre>{@code
 * try (TurnClient turn = TurnClient.builder().server("turn:turn.example.org").credentials("alice", "secret").build();
 *      RelayEndpoint relay = turn.allocate().get(10, TimeUnit.SECONDS)) {
 *     System.out.println("peers can reach me at " + relay.relayedAddress());
 *     relay.send(peer, ByteBuffer.wrap("hello".getBytes(UTF_8)));
 *     RelayedPacket p = relay.receive(Duration.ofSeconds(5));     // null on timeout
 * }
 * }</pre>
 *
 * <p>Thread-safe. Received datagrams wait in a bounded queue (the oldest are dropped when it is full) unless a
 * handler is set with {@link #onReceive}, which then gets them on the client's executor, in order. Every
 * {@link TurnEvent} (refreshes, permission and channel state, failure) also goes to {@link #onEvent} handlers.
 */
public final class RelayEndpoint implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RelayEndpoint.class);
    private static final int RECEIVE_QUEUE = 4096;
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(3);

    private final TurnClient client;
    private final TurnClientEngine engine;
    private final Transport transport;
    private final String tlsHost;
    private final CompletableFuture<RelayEndpoint> allocated = new CompletableFuture<>();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private final LinkedBlockingQueue<RelayedPacket> inbox = new LinkedBlockingQueue<>(RECEIVE_QUEUE);
    private final List<Consumer<? super TurnEvent>> eventHandlers = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Map<InetAddress, List<CompletableFuture<Void>>> permissionWaiters = new HashMap<>();
    private final Map<InetSocketAddress, List<CompletableFuture<Integer>>> channelWaiters = new HashMap<>();
    private final AtomicLong receiveDrops = new AtomicLong();
    private volatile Consumer<? super RelayedPacket> receiveHandler;
    private volatile EngineHandle<TurnEvent> handle;
    private volatile TurnEvent.Allocated allocation;
    private volatile TransportAddress local;
    private volatile TurnError failure;

    RelayEndpoint(TurnClient client, TurnClientEngine engine, Transport transport, String tlsHost) {
        this.client = client;
        this.engine = engine;
        this.transport = transport;
        this.tlsHost = tlsHost;
    }

    void attach(EngineHandle<TurnEvent> h, TransportAddress localAddress) {
        this.handle = h;
        this.local = localAddress;
    }

    CompletableFuture<RelayEndpoint> allocatedFuture() {
        return allocated;
    }

    TurnClientEngine engine() {
        return engine;
    }

    // ------------------------------------------------------------------------------------------ addresses

    /** The relayed address peers send to (the first one of a dual allocation). */
    public InetSocketAddress relayedAddress() {
        return allocation().relayedAddresses().get(0);
    }

    /** Every relayed address: one, or IPv4 and IPv6 for a dual allocation. */
    public List<InetSocketAddress> relayedAddresses() {
        return allocation().relayedAddresses();
    }

    /** This client's address as the TURN server saw it (a server-reflexive candidate), or {@code null}. */
    public InetSocketAddress mappedAddress() {
        return allocation().mappedAddress();
    }

    /** The TURN server holding the allocation (differs from the configured one after a redirect). */
    public InetSocketAddress server() {
        return allocation().server();
    }

    /** The local address the client talks to the server from. */
    public TransportAddress localAddress() {
        return local;
    }

    /** The transport to the server. */
    public Transport transport() {
        return transport;
    }

    /** The lifetime granted by the last Allocate or Refresh, in seconds. */
    public long lifetimeSeconds() {
        return engine.lifetimeSeconds();
    }

    private TurnEvent.Allocated allocation() {
        TurnEvent.Allocated a = allocation;
        if (a == null) {
            throw new IllegalStateException("not allocated yet");
        }
        return a;
    }

    /** True while the allocation lives (until {@link #close()} or a failure). */
    public boolean isOpen() {
        return allocation != null && !ended.isDone();
    }

    /** Why the allocation failed, or {@code null}. */
    public TurnError failure() {
        return failure;
    }

    /** Completes when the allocation ends: closed, failed, or lost. */
    public CompletableFuture<Void> endFuture() {
        return ended.copy();
    }

    // ------------------------------------------------------------------------------------------ data

    /**
     * Sends the readable bytes of {@code payload} (copied; its position is not moved) to {@code peer} through the
     * relay. Like a UDP send, success means only that the datagram was handed on.
     *
     * @return false when it was dropped at once (endpoint closed, payload over 65535 bytes)
     */
    public boolean send(InetSocketAddress peer, ByteBuffer payload) {
        Objects.requireNonNull(peer, "peer");
        if (!isOpen() || payload.remaining() > 0xFFFF || peer.isUnresolved()) {
            return false;
        }
        ByteBuffer copy = ByteBuffer.allocate(payload.remaining());
        copy.put(0, payload, payload.position(), payload.remaining());
        handle.execute(() -> engine.send(peer, copy, NioDriver.now()));
        return true;
    }

    /** As {@link #send(InetSocketAddress, ByteBuffer)} for a byte array. */
    public boolean send(InetSocketAddress peer, byte[] payload) {
        return send(peer, ByteBuffer.wrap(payload));
    }

    /**
     * Waits up to {@code timeout} for the next datagram from a peer.
     *
     * @return the datagram, or {@code null} when none came in time or the endpoint ended with nothing queued
     * @throws IllegalStateException when a receive handler is set
     */
    public RelayedPacket receive(Duration timeout) throws InterruptedException {
        if (receiveHandler != null) {
            throw new IllegalStateException("datagrams go to the onReceive handler");
        }
        return inbox.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Hands every later datagram to {@code handler} on the client's executor, one at a time, in order, instead of the
     * {@link #receive} queue (whatever is queued is handed over first).
     */
    public void onReceive(Consumer<? super RelayedPacket> handler) {
        Objects.requireNonNull(handler, "handler");
        synchronized (inbox) {
            receiveHandler = handler;
            for (RelayedPacket p; (p = inbox.poll()) != null; ) {
                deliver(handler, p);
            }
        }
    }

    /** Adds a handler for every {@link TurnEvent} of this allocation, called on the client's executor in order. */
    public void onEvent(Consumer<? super TurnEvent> handler) {
        eventHandlers.add(Objects.requireNonNull(handler, "handler"));
    }

    /** Datagrams dropped because the receive queue was full. */
    public long receiveDrops() {
        return receiveDrops.get();
    }

    // ------------------------------------------------------------------------------------------ control

    /**
     * Installs a permission for {@code peer} (kept alive until close) so it can send first.
     *
     * @return completes when the server confirmed it; fails with {@link TurnException} when refused
     */
    public CompletableFuture<Void> createPermission(InetAddress peer) {
        Objects.requireNonNull(peer, "peer");
        CompletableFuture<Void> f = new CompletableFuture<>();
        synchronized (permissionWaiters) {
            permissionWaiters.computeIfAbsent(peer, k -> new ArrayList<>()).add(f);
        }
        handle.call(() -> engine.createPermission(peer, NioDriver.now())).whenComplete((ok, e) -> {
            if (e != null || !ok) {
                failWaiter(permissionWaiters, peer, f, e != null ? e : new IllegalStateException("not allocated"));
            }
        });
        return f;
    }

    /**
     * Binds a channel to {@code peer}, so data to and from it travels as ChannelData.
     *
     * @return completes with the channel number once bound; fails with {@link TurnException} when refused
     */
    public CompletableFuture<Integer> bindChannel(InetSocketAddress peer) {
        Objects.requireNonNull(peer, "peer");
        CompletableFuture<Integer> f = new CompletableFuture<>();
        synchronized (channelWaiters) {
            channelWaiters.computeIfAbsent(peer, k -> new ArrayList<>()).add(f);
        }
        handle.call(() -> {
            int number = engine.bindChannel(peer, NioDriver.now());
            return number < 0 ? null : new int[] {number, engine.isChannelBound(peer) ? 1 : 0};
        }).whenComplete((r, e) -> {
            if (e != null || r == null) {
                failWaiter(channelWaiters, peer, f, e != null ? e : new IllegalStateException("no channel available"));
            } else if (r[1] == 1) {
                completeWaiters(channelWaiters, peer, r[0]);
            }
        });
        return f;
    }

    /**
     * Deletes the allocation (Refresh with LIFETIME 0), waiting a few seconds at most for the server's answer, then
     * releases the socket. Idempotent.
     */
    @Override
    public void close() {
        EngineHandle<TurnEvent> h = handle;
        if (h != null && h.isOpen() && !ended.isDone()) {
            h.execute(() -> engine.close(NioDriver.now()));
            try {
                ended.get(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                LOG.debug("no answer to the closing Refresh from {}", engine.server(), e);
            }
        }
        release();
    }

    void release() {
        EngineHandle<TurnEvent> h = handle;
        if (h != null) {
            h.close();
        }
        client.forget(this);
        IOException closed = new IOException("relay endpoint closed");
        allocated.completeExceptionally(closed);
        ended.complete(null);
        failAllWaiters(closed);
    }

    // ------------------------------------------------------------------------------------------ events

    /** Runs on the client's executor, one event at a time (the driver's serial delivery). */
    void onEngineEvent(TurnEvent event) {
        if (event instanceof TurnEvent.Allocated a) {
            allocation = a;
            allocated.complete(this);
        } else if (event instanceof TurnEvent.PeerData d) {
            received(new RelayedPacket(d.peer(), d.data()));
        } else if (event instanceof TurnEvent.PermissionInstalled p) {
            completeWaiters(permissionWaiters, p.peer(), null);
        } else if (event instanceof TurnEvent.PermissionFailed p) {
            failWaiters(permissionWaiters, p.peer(), new TurnException(p.error()));
        } else if (event instanceof TurnEvent.ChannelBound c) {
            completeWaiters(channelWaiters, c.peer(), c.channel());
        } else if (event instanceof TurnEvent.ChannelBindFailed c) {
            failWaiters(channelWaiters, c.peer(), new TurnException(c.error()));
        } else if (event instanceof TurnEvent.Redirected r) {
            if (transport.isStream()) {
                client.reconnect(this, r.from(), r.to());
            }
        } else if (event instanceof TurnEvent.Failed f) {
            failure = f.error();
            TurnException e = new TurnException(f.error());
            allocated.completeExceptionally(e);
            ended.complete(null);
            failAllWaiters(e);
            // The engine is done; let go of the socket off this thread (closing waits for the driver).
            CompletableFuture.runAsync(this::release);
        } else if (event instanceof TurnEvent.Closed) {
            ended.complete(null);
        }
        for (Consumer<? super TurnEvent> h : eventHandlers) {
            try {
                h.accept(event);
            } catch (RuntimeException e) {
                LOG.warn("TURN event handler failed on {}", event, e);
            }
        }
    }

    private void received(RelayedPacket p) {
        Consumer<? super RelayedPacket> h = receiveHandler;
        if (h != null) {
            deliver(h, p);
            return;
        }
        synchronized (inbox) {
            Consumer<? super RelayedPacket> late = receiveHandler;
            if (late != null) {
                deliver(late, p);
            } else if (!inbox.offer(p)) {
                inbox.poll(); // full: the oldest datagram goes, as a socket buffer would lose the newest
                receiveDrops.incrementAndGet();
                inbox.offer(p);
            }
        }
    }

    private static void deliver(Consumer<? super RelayedPacket> handler, RelayedPacket p) {
        try {
            handler.accept(p);
        } catch (RuntimeException e) {
            LOG.warn("receive handler failed", e);
        }
    }

    private static <K, V> void completeWaiters(Map<K, List<CompletableFuture<V>>> waiters, K key, V value) {
        List<CompletableFuture<V>> list;
        synchronized (waiters) {
            list = waiters.remove(key);
        }
        if (list != null) {
            list.forEach(f -> f.complete(value));
        }
    }

    private static <K, V> void failWaiters(Map<K, List<CompletableFuture<V>>> waiters, K key, Throwable e) {
        List<CompletableFuture<V>> list;
        synchronized (waiters) {
            list = waiters.remove(key);
        }
        if (list != null) {
            list.forEach(f -> f.completeExceptionally(e));
        }
    }

    private static <K, V> void failWaiter(Map<K, List<CompletableFuture<V>>> waiters, K key, CompletableFuture<V> f,
            Throwable e) {
        synchronized (waiters) {
            List<CompletableFuture<V>> list = waiters.get(key);
            if (list != null) {
                list.remove(f);
                if (list.isEmpty()) {
                    waiters.remove(key);
                }
            }
        }
        f.completeExceptionally(e);
    }

    private void failAllWaiters(Throwable e) {
        List<CompletableFuture<?>> all = new ArrayList<>();
        synchronized (permissionWaiters) {
            permissionWaiters.values().forEach(all::addAll);
            permissionWaiters.clear();
        }
        synchronized (channelWaiters) {
            channelWaiters.values().forEach(all::addAll);
            channelWaiters.clear();
        }
        all.forEach(f -> f.completeExceptionally(e));
    }

    String tlsHost() {
        return tlsHost;
    }

    EngineHandle<TurnEvent> handle() {
        return handle;
    }

    @Override
    public String toString() {
        TurnEvent.Allocated a = allocation;
        return "RelayEndpoint[" + transport.token() + " " + (a == null ? "allocating" : a.relayedAddresses()) + "]";
    }
}
