package dev.nat4j.core.driver;

import java.io.IOException;
import java.net.InetSocketAddress;
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

    EngineHandle(NioDriver driver, EngineSlot<E> slot) {
        this.driver = driver;
        this.slot = slot;
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
     * The actual addresses of the engine's open UDP sockets and listeners, in the order they were opened (port 0
     * resolved to the port chosen); sockets closed with {@link #close(TransportAddress)} are gone from it. Outgoing
     * connections are not listed; their {@code connect} future gives their address. An unmodifiable snapshot.
     */
    public List<TransportAddress> localAddresses() {
        return slot.boundAddresses();
    }

    /** How many UDP sockets and listeners the engine has open, i.e. the size of {@link #localAddresses()}. */
    public int socketCount() {
        return slot.boundCount();
    }

    /**
     * The first of {@link #localAddresses()}: the socket a transmit with a {@code null} source leaves from when it
     * is UDP.
     *
     * @throws IllegalStateException when the engine has no local socket
     */
    public TransportAddress localAddress() {
        TransportAddress first = slot.firstBoundAddress();
        if (first == null) {
            throw new IllegalStateException("engine has no local socket");
        }
        return first;
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
     * Opens one more UDP socket or listener for this engine (an ICE gatherer binding another interface, a TURN relay
     * port). Callable from any thread, including the driver thread (from inside the engine), where it runs at once.
     *
     * @return its actual address, also appended to {@link #localAddresses()}
     */
    public TransportAddress open(SocketSpec spec) throws IOException {
        Objects.requireNonNull(spec, "spec");
        return driver.onLoop(() -> slot.open(spec));
    }

    /**
     * Closes the engine's UDP socket or TCP/TLS listener bound to {@code local} (an address from {@link #open} or
     * {@link #localAddresses()}); the engine's other sockets carry on. Connections accepted on a closed listener stay
     * open. Transmits naming {@code local} as their source are dropped from now on (debug log).
     *
     * <p>Callable from any thread; from another thread it waits for the driver thread, and when it returns the port
     * is free to bind again. On the driver thread (from inside the engine, e.g. when a TURN allocation ends) it runs
     * at once and never blocks; the port is then free before the driver runs any further command or deadline
     * (immediately, unless the engine is being fed a datagram or frame right now, in which case NIO's deferred close
     * completes as that I/O round ends).
     *
     * <pre>{@code
     * TransportAddress relay = h.open(SocketSpec.udp(new InetSocketAddress(relayIp, 0)));
     * ...
     * h.close(relay);   // the port goes back to the system
     * }</pre>
     *
     * @return true when a socket or listener on {@code local} was open and is now closed; false for an address the
     *         engine has no open socket on, or when the engine or driver is already closed
     */
    public boolean close(TransportAddress local) {
        Objects.requireNonNull(local, "local");
        if (!driver.isOpen()) {
            return false;
        }
        try {
            return driver.onLoop(() -> slot.closeSocket(local));
        } catch (IOException e) {
            return false; // the driver closed meanwhile, which closed the socket too
        }
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
        return "EngineHandle[" + slot.engine() + " " + slot.boundAddresses() + "]";
    }
}
