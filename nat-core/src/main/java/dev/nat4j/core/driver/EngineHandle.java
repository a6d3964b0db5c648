package dev.nat4j.core.driver;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

import javax.net.ssl.SSLContext;

import dev.nat4j.core.Engine;
import dev.nat4j.core.TransportAddress;
import dev.nat4j.core.internal.driver.EngineSlot;

/**
 * An engine registered with a {@link NioDriver}: its local addresses, a way to run code against it on the driver
 * thread, outgoing TCP/TLS connections, and {@link #close()}.
 *
 * <pre>{@code
 * EngineHandle<ClientEvent> h = driver.register(client, List.of(), executor, this::onEvent);
 * TransportAddress local = h.connectTls(server, sslContext, "stun.example.org").join();
 * h.execute(() -> client.sendRequest(local, server, NioDriver.now()));   // drained right after
 * ...
 * h.close();
 * }</pre>
 *
 * @param <E> the engine's event type
 */
public final class EngineHandle<E> implements AutoCloseable {
    private final NioDriver driver;
    private final EngineSlot<E> slot;
    private volatile List<TransportAddress> localAddresses;

    EngineHandle(NioDriver driver, EngineSlot<E> slot, List<TransportAddress> localAddresses) {
        this.driver = driver;
        this.slot = slot;
        this.localAddresses = List.copyOf(localAddresses);
    }

    /** The engine. Call its methods only on the driver thread, i.e. inside {@link #call} or {@link #execute}. */
    public Engine<E> engine() {
        return slot.engine();
    }

    /** The driver running this engine. */
    public NioDriver driver() {
        return driver;
    }

    /**
     * The actual addresses of the engine's UDP sockets and listeners, in the order they were opened (port 0 resolved
     * to the port chosen). Outgoing connections are not listed; their {@code connect} future gives their address.
     */
    public List<TransportAddress> localAddresses() {
        return localAddresses;
    }

    /**
     * The first of {@link #localAddresses()}: the socket a transmit with a {@code null} source leaves from when it
     * is UDP.
     *
     * @throws IllegalStateException when the engine has no local socket
     */
    public TransportAddress localAddress() {
        List<TransportAddress> all = localAddresses;
        if (all.isEmpty()) {
            throw new IllegalStateException("engine has no local socket");
        }
        return all.get(0);
    }

    /**
     * Runs {@code command} on the driver thread, then drains this engine's transmits and events and re-arms its
     * deadline. The future completes on the callback executor; it fails when the engine or the driver is closed.
     */
    public <T> CompletableFuture<T> call(Callable<T> command) {
        return driver.submit(command, slot);
    }

    /** As {@link #call(Callable)} for a command without a result. */
    public CompletableFuture<Void> execute(Runnable command) {
        Objects.requireNonNull(command, "command");
        return driver.submit(() -> {
            command.run();
            return null;
        }, slot);
    }

    /**
     * Opens one more UDP socket or listener for this engine (an ICE gatherer binding another interface).
     *
     * @return its actual address, also appended to {@link #localAddresses()}
     */
    public TransportAddress open(SocketSpec spec) throws IOException {
        Objects.requireNonNull(spec, "spec");
        TransportAddress address = driver.onLoop(() -> slot.open(spec));
        synchronized (this) {
            List<TransportAddress> more = new ArrayList<>(localAddresses);
            more.add(address);
            localAddresses = List.copyOf(more);
        }
        return address;
    }

    /**
     * Opens a TCP connection to {@code remote}. Transmits with source = the returned address and destination =
     * {@code remote} go over it; frames arriving on it reach the engine with that local address.
     *
     * @return completes with the connection's local address once connected; fails when the connection cannot be
     *         made within {@link DriverConfig#frameTimeout()}
     */
    public CompletableFuture<TransportAddress> connect(InetSocketAddress remote) {
        return connect(remote, null, null);
    }

    /**
     * Opens a TLS connection to {@code remote} with a client {@code sslContext}. With {@code peerHost} set, it is sent
     * as SNI and the server certificate must match it (RFC 6125 host name checks, as for HTTPS); with {@code null}
     * only the certificate chain is checked by the context's trust managers.
     *
     * @return completes with the connection's local address once the handshake is done
     */
    public CompletableFuture<TransportAddress> connectTls(InetSocketAddress remote, SSLContext sslContext,
                                                          String peerHost) {
        return connect(remote, Objects.requireNonNull(sslContext, "sslContext"), peerHost);
    }

    private CompletableFuture<TransportAddress> connect(InetSocketAddress remote, SSLContext ctx, String peerHost) {
        Objects.requireNonNull(remote, "remote");
        if (remote.isUnresolved()) {
            return CompletableFuture.failedFuture(new IOException("unresolved address: " + remote));
        }
        return driver.submit(() -> slot.connect(remote, ctx, peerHost), slot).thenCompose(f -> f);
    }

    /**
     * Closes the connection identified by ({@code local}, {@code remote}).
     *
     * @return completes with false when no such connection was open
     */
    public CompletableFuture<Boolean> disconnect(TransportAddress local, InetSocketAddress remote) {
        return driver.submit(() -> slot.disconnect(local, remote), slot);
    }

    /** True until the engine or its driver is closed. */
    public boolean isOpen() {
        return driver.isOpen() && !slot.isClosed();
    }

    /** Closes the engine's sockets and connections and stops driving it; waits until that is done. Idempotent. */
    @Override
    public void close() {
        if (!driver.isOpen()) {
            return;
        }
        try {
            driver.onLoop(() -> {
                slot.close();
                return null;
            });
        } catch (IOException e) {
            // the driver closed meanwhile, which closed the sockets too
        }
    }

    @Override
    public String toString() {
        return "EngineHandle[" + slot.engine() + " " + localAddresses + "]";
    }
}
